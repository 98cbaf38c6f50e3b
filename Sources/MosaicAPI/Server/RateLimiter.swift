import Foundation
import MosaicCore
import Synchronization

/// Token buckets keyed by a string ("login:ip:1.2.3.4"). In memory: abuse limits are per process and reset on
/// restart, which is the usual trade-off; product quotas (25 posts a day) are counted in the durable store.
public final class RateLimiter: Sendable {
    public struct Rule: Sendable {
        public var capacity: Double
        public var refillPerSecond: Double
        public init(capacity: Double, per seconds: Double) { self.capacity = capacity; refillPerSecond = capacity / seconds }
    }

    private struct Bucket { var tokens: Double; var updated: Date }
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock: any MosaicClock
    /// `MOSAIC_LIMITS=relaxed` multiplies every capacity, for tests and load tests on loopback.
    private let multiplier: Double

    public init(clock: any MosaicClock, relaxed: Bool) {
        self.clock = clock
        multiplier = relaxed ? 1_000 : 1
    }

    /// Takes one token or throws 429 with the seconds until one is available.
    public func take(_ key: String, _ rule: Rule) throws(MosaicError) {
        let now = clock.now()
        let capacity = rule.capacity * multiplier, refill = rule.refillPerSecond * multiplier
        let wait: Double? = buckets.withLock { all in
            if all.count > 100_000 { all = all.filter { now.timeIntervalSince($0.value.updated) < 3600 } }
            var b = all[key] ?? Bucket(tokens: capacity, updated: now)
            b.tokens = min(capacity, b.tokens + max(0, now.timeIntervalSince(b.updated)) * refill)
            b.updated = now
            defer { all[key] = b }
            if b.tokens >= 1 { b.tokens -= 1; return nil }
            return (1 - b.tokens) / refill
        }
        if let wait { throw .rateLimited(retryAfter: Int(wait.rounded(.up))) }
    }

    public enum Rules {
        public static let signupPerIP = Rule(capacity: 10, per: 3600)
        public static let loginPerIP = Rule(capacity: 30, per: 300)
        public static let loginPerAccount = Rule(capacity: 10, per: 300)
        public static let writesPerAccount = Rule(capacity: 120, per: 60)
        public static let requestsPerIP = Rule(capacity: 600, per: 60)
    }
}
