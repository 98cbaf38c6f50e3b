import Foundation
import MosaicCore
import Synchronization

/// Finds posts whose engagement velocity breaks away from their creator's normal, the seed's
/// "engagements in the last 5 minutes ÷ the creator's baseline per 5 minutes", and keeps them in a per-category
/// trending pool with a TTL, which Explore's post-processing injects into grids.
///
/// - Counting: every active engagement (like, comment, save, share) goes into the count-min sketch of its
///   minute; 5 one-minute sketches form the rolling window (a ring, so memory is constant).
/// - Heavy hitters: a bounded min-heap of candidate posts by window count (space-saving admission). A candidate
///   is counted exactly from the moment it enters; minutes before its entry keep the sketch's estimate (an
///   upper bound, tight under conservative update). Velocity is computed on these recounts, not on the
///   sketch, so a hash collision cannot make a post trend after it became a candidate.
/// - Baseline: per creator, engagements per 5-minute period, an EWMA of completed periods (`baselineAlpha` per
///   period, decayed across idle periods). A creator never seen has baseline 0, floored at `baselineFloor`,
///   which is what lets a zero-follower account's burst stand out; `seedBaseline` primes known creators.
/// - Time: buckets come from event timestamps (a consumer catching up replays history correctly); post age
///   (from the post ID's embedded time) and pool expiry come from the injected clock.
///
/// A `Mutex` guards the state: `trending(now:)` is a synchronous read on Explore's hot path.
public final class TrendDetector: EventProjection {
    public struct Configuration: Sendable {
        public var sketchWidth = 2048
        public var sketchDepth = 4
        public var bucketSeconds: Int64 = 60
        /// Buckets per window, and the baseline period is `bucketSeconds × windowBuckets` (5 minutes).
        public var windowBuckets = 5
        /// EWMA weight of the newest completed period: 0.1 gives a half-life of ~33 minutes (6.6 periods).
        public var baselineAlpha = 0.1
        /// The smallest baseline a ratio is divided by (engagements per period).
        public var baselineFloor = 1.0
        public var ratioThreshold = 5.0
        /// A post needs at least this many engagements in the window to trend (a ratio on 3 likes is noise).
        public var minimumEngagements: UInt32 = 10
        public var maxPostAge: TimeInterval = 2 * 3600
        public var poolTTL: TimeInterval = 300
        public var candidateCapacity = 1024
        public var poolLimitPerCategory = 50
        public init() {}
    }

    /// A post in the trending pool, with the numbers that put it there (for `reasons` and debugging).
    public struct Trend: Sendable, Equatable {
        public var post: PostID
        public var author: UserID
        public var category: String
        /// Engagements in the window (recounted), the creator's baseline per window, and their ratio.
        public var engagements: UInt32
        public var baseline: Double
        public var velocity: Double
        public var expiresAt: Date
    }

    private struct Bucket {
        var minute: Int64
        var sketch: CountMinSketch
    }

    private struct Candidate {
        var author: UserID
        var category: String
        var minutes: [Int64]
        var counts: [UInt32]
        func window(latest: Int64, size: Int) -> UInt32 {
            var s: UInt32 = 0
            for i in 0..<minutes.count where minutes[i] > latest - Int64(size) && minutes[i] <= latest { s &+= counts[i] }
            return s
        }
    }

    private struct Creator {
        var baseline: Double
        var period: Int64
        var count: UInt32
        var seeded: Bool
    }

    private struct State {
        var buckets: [Bucket]
        var latestMinute: Int64 = .min
        var heap: HeavyHitterHeap<PostID>
        var candidates: [PostID: Candidate] = [:]
        var creators: [UserID: Creator] = [:]
        var pool: [String: [PostID: Trend]] = [:]
    }

    public let configuration: Configuration
    private let clock: any MosaicClock
    private let state: Mutex<State>

    public init(configuration: Configuration = Configuration(), clock: any MosaicClock) {
        precondition(configuration.windowBuckets >= 1 && configuration.bucketSeconds >= 1)
        self.configuration = configuration
        self.clock = clock
        state = Mutex(Self.emptyState(configuration))
    }

    private static func emptyState(_ c: Configuration) -> State {
        State(buckets: (0..<c.windowBuckets).map { _ in
                  Bucket(minute: .min, sketch: CountMinSketch(width: c.sketchWidth, depth: c.sketchDepth)) },
              heap: HeavyHitterHeap(capacity: c.candidateCapacity))
    }

    // MARK: Reads

    /// Live trending posts, highest velocity first (the shape Explore's `TrendingPosts` source asks for).
    public func trending(now: Date) -> [(post: PostID, category: String, velocity: Float)] {
        trends(now: now).map { ($0.post, $0.category, Float($0.velocity)) }
    }

    /// Live trends, optionally of one category, highest velocity first.
    public func trends(category: String? = nil, now: Date) -> [Trend] {
        state.withLock { s in
            let pools = category.map { [s.pool[$0] ?? [:]] } ?? Array(s.pool.values)
            return pools.flatMap { $0.values.filter { $0.expiresAt > now } }
                .sorted { $0.velocity != $1.velocity ? $0.velocity > $1.velocity : $0.post < $1.post }
        }
    }

    /// The creator's current baseline per window (after the floor), as the ratio uses it.
    public func baseline(creator: UserID) -> Double {
        state.withLock { max($0.creators[creator]?.baseline ?? 0, configuration.baselineFloor) }
    }

    /// The post's engagements in the current window: the recount for candidates, the sketch's estimate
    /// otherwise.
    public func windowEngagements(post: PostID) -> UInt32 {
        state.withLock { s in
            if let c = s.candidates[post] { return c.window(latest: s.latestMinute, size: configuration.windowBuckets) }
            return sketchWindow(s, post)
        }
    }

    public var candidateCount: Int { state.withLock { $0.heap.count } }

    // MARK: Writes

    /// Primes a creator's baseline (engagements per window) from history, e.g. after a cold start of the
    /// detector without a checkpoint, so a big account's normal traffic is not mistaken for a burst.
    public func seedBaseline(creator: UserID, engagementsPerWindow: Double) {
        state.withLock { s in
            if s.creators[creator] == nil { s.creators[creator] = Creator(baseline: 0, period: .min, count: 0, seeded: true) }
            s.creators[creator]!.baseline = engagementsPerWindow
            s.creators[creator]!.seeded = true
        }
    }

    /// Counts one event (non-engagement kinds such as views are ignored).
    public func observe(_ r: Engagement) {
        guard r.kind.isActiveEngagement else { return }
        let now = clock.now()
        state.withLock { observe(&$0, r, now: now) }
    }

    public func apply(_ events: [LoggedEvent]) {
        let now = clock.now()
        state.withLock { s in
            for e in events where e.record.kind.isActiveEngagement { observe(&s, e.record, now: now) }
        }
    }

    /// Drops expired pool entries (reads already ignore them; this frees their memory).
    public func expire(now: Date) {
        state.withLock { s in
            for (cat, entries) in s.pool {
                let live = entries.filter { $0.value.expiresAt > now }
                s.pool[cat] = live.isEmpty ? nil : live
            }
        }
    }

    // MARK: Internals (called with the lock held)

    private var windowSize: Int64 { Int64(configuration.windowBuckets) }

    private func sketchWindow(_ s: State, _ post: PostID) -> UInt32 {
        var sum: UInt32 = 0
        for b in s.buckets where b.minute > s.latestMinute - windowSize && b.minute <= s.latestMinute {
            sum &+= b.sketch.estimate(post.rawValue)
        }
        return sum
    }

    private func age(of post: PostID, now: Date) -> TimeInterval {
        now.timeIntervalSince1970 - Double(post.unixMillis) / 1000
    }

    private func observe(_ s: inout State, _ r: Engagement, now: Date) {
        let ms = Int64((r.at.timeIntervalSince1970 * 1000).rounded())
        let minute = ms >= 0 ? ms / (configuration.bucketSeconds * 1000)
                             : (ms - configuration.bucketSeconds * 1000 + 1) / (configuration.bucketSeconds * 1000)
        updateCreator(&s, r.authorID, period: minute >= 0 ? minute / windowSize : (minute - windowSize + 1) / windowSize)
        if minute > s.latestMinute { advance(&s, to: minute, now: now) }
        guard minute > s.latestMinute - windowSize else { return }   // older than the window: too late to matter
        let slot = Int(((minute % windowSize) + windowSize) % windowSize)
        if s.buckets[slot].minute != minute {
            s.buckets[slot].minute = minute
            s.buckets[slot].sketch.reset()
        }
        s.buckets[slot].sketch.add(r.postID.rawValue)

        let post = r.postID
        if var c = s.candidates[post] {
            if let i = c.minutes.firstIndex(of: minute) {
                c.counts[i] &+= 1
            } else {
                let i = c.minutes.indices.min { c.minutes[$0] < c.minutes[$1] }!   // reuse the oldest slot
                c.minutes[i] = minute; c.counts[i] = 1
            }
            s.candidates[post] = c
            _ = s.heap.offer(post, count: c.window(latest: s.latestMinute, size: configuration.windowBuckets))
        } else {
            guard age(of: post, now: now) <= configuration.maxPostAge else { return }
            let estimate = sketchWindow(s, post)
            let (admitted, evicted) = s.heap.offer(post, count: estimate)
            guard admitted else { return }
            if let evicted { s.candidates[evicted] = nil }
            // Entry: the minutes so far are the sketch's estimates; from now on the counts are exact.
            var c = Candidate(author: r.authorID, category: r.category, minutes: [], counts: [])
            for b in s.buckets where b.minute > s.latestMinute - windowSize && b.minute <= s.latestMinute {
                c.minutes.append(b.minute); c.counts.append(b.sketch.estimate(post.rawValue))
            }
            while c.minutes.count < configuration.windowBuckets { c.minutes.append(.min); c.counts.append(0) }
            s.candidates[post] = c
        }
        evaluate(&s, post, now: now)
    }

    private func updateCreator(_ s: inout State, _ author: UserID, period: Int64) {
        var c = s.creators[author] ?? Creator(baseline: 0, period: period, count: 0, seeded: false)
        if c.period == .min { c.period = period }
        if period > c.period {
            let a = configuration.baselineAlpha
            c.baseline = a * Double(c.count) + (1 - a) * c.baseline
            let idle = period - c.period - 1
            if idle > 0 { c.baseline *= pow(1 - a, Double(min(idle, 10_000))) }
            c.count = 0
            c.period = period
        }
        c.count &+= 1   // late events (an older period) count towards the current one
        s.creators[author] = c
    }

    /// A new minute: forget buckets and candidate minutes that left the window, re-key the heap.
    private func advance(_ s: inout State, to minute: Int64, now: Date) {
        let previous = s.latestMinute
        s.latestMinute = minute
        for i in s.buckets.indices where s.buckets[i].minute <= minute - windowSize {
            s.buckets[i].minute = .min
            s.buckets[i].sketch.reset()
        }
        let size = configuration.windowBuckets, maxAge = configuration.maxPostAge
        s.heap.rebuild { post in
            let w = s.candidates[post]!.window(latest: minute, size: size)
            return w == 0 || now.timeIntervalSince1970 - Double(post.unixMillis) / 1000 > maxAge ? nil : w
        }
        let members = Set(s.heap.keys)
        s.candidates = s.candidates.filter { members.contains($0.key) }
        // Once an hour of event time, forget unseeded creators whose baseline has decayed to nothing:
        // re-created from zero they behave the same.
        if previous != .min, minute / 60 != previous / 60 {
            s.creators = s.creators.filter { $0.value.seeded || $0.value.baseline >= 0.05 || $0.value.count > 0 }
            for (cat, entries) in s.pool {
                let live = entries.filter { $0.value.expiresAt > now }
                s.pool[cat] = live.isEmpty ? nil : live
            }
        }
    }

    private func evaluate(_ s: inout State, _ post: PostID, now: Date) {
        guard let c = s.candidates[post] else { return }
        let engagements = c.window(latest: s.latestMinute, size: configuration.windowBuckets)
        guard engagements >= configuration.minimumEngagements,
              age(of: post, now: now) <= configuration.maxPostAge else { return }
        let baseline = max(s.creators[c.author]?.baseline ?? 0, configuration.baselineFloor)
        let velocity = Double(engagements) / baseline
        guard velocity > configuration.ratioThreshold else { return }
        var entries = s.pool[c.category] ?? [:]
        entries[post] = Trend(post: post, author: c.author, category: c.category, engagements: engagements,
                              baseline: baseline, velocity: velocity, expiresAt: now.addingTimeInterval(configuration.poolTTL))
        if entries.count > configuration.poolLimitPerCategory {
            entries = entries.filter { $0.value.expiresAt > now }
            if entries.count > configuration.poolLimitPerCategory,
               let weakest = entries.min(by: { $0.value.velocity < $1.value.velocity }) {
                entries[weakest.key] = nil
            }
        }
        s.pool[c.category] = entries
    }

    // MARK: Checkpoint

    public func checkpoint() -> [UInt8] {
        state.withLock { s in
            var w = ByteWriter(capacity: configuration.sketchWidth * configuration.sketchDepth * 4 * configuration.windowBuckets + 64 * s.creators.count)
            w.u8(1)
            w.i64(s.latestMinute)
            w.u32(UInt32(s.buckets.count))
            for b in s.buckets { w.i64(b.minute); b.sketch.write(to: &w) }
            w.u32(UInt32(s.candidates.count))
            for (post, c) in s.candidates {
                w.u64(post.rawValue); w.u64(c.author.rawValue); w.string(c.category)
                w.u32(UInt32(c.minutes.count))
                for i in c.minutes.indices { w.i64(c.minutes[i]); w.u32(c.counts[i]) }
            }
            w.u32(UInt32(s.creators.count))
            for (id, c) in s.creators { w.u64(id.rawValue); w.f64(c.baseline); w.i64(c.period); w.u32(c.count); w.bool(c.seeded) }
            let trends = s.pool.values.flatMap(\.values)
            w.u32(UInt32(trends.count))
            for t in trends {
                w.u64(t.post.rawValue); w.u64(t.author.rawValue); w.string(t.category); w.u32(t.engagements)
                w.f64(t.baseline); w.f64(t.velocity); w.date(t.expiresAt)
            }
            return w.bytes
        }
    }

    public func restore(from checkpoint: [UInt8]?) throws -> UInt64? {
        var s = Self.emptyState(configuration)
        if let checkpoint {
            var r = ByteReader(checkpoint)
            guard try r.u8() == 1 else { throw DecodingFailure("unknown trend checkpoint version") }
            s.latestMinute = try r.i64()
            let n = Int(try r.u32())
            guard n == configuration.windowBuckets else { throw DecodingFailure("trend checkpoint has another window") }
            for i in 0..<n {
                let minute = try r.i64()
                s.buckets[i] = Bucket(minute: minute, sketch: try CountMinSketch(reading: &r))
            }
            for _ in 0..<(try r.u32()) {
                let post = MosaicID(rawValue: try r.u64()), author = MosaicID(rawValue: try r.u64())
                var c = Candidate(author: author, category: try r.string(), minutes: [], counts: [])
                for _ in 0..<(try r.u32()) { c.minutes.append(try r.i64()); c.counts.append(try r.u32()) }
                s.candidates[post] = c
            }
            let latest = s.latestMinute, size = configuration.windowBuckets
            for (post, c) in s.candidates { _ = s.heap.offer(post, count: c.window(latest: latest, size: size)) }
            for _ in 0..<(try r.u32()) {
                let id = MosaicID(rawValue: try r.u64())
                s.creators[id] = Creator(baseline: try r.f64(), period: try r.i64(), count: try r.u32(), seeded: try r.bool())
            }
            for _ in 0..<(try r.u32()) {
                let t = Trend(post: MosaicID(rawValue: try r.u64()), author: MosaicID(rawValue: try r.u64()),
                              category: try r.string(), engagements: try r.u32(), baseline: try r.f64(),
                              velocity: try r.f64(), expiresAt: try r.date())
                s.pool[t.category, default: [:]][t.post] = t
            }
        }
        state.withLock { $0 = s }
        return nil
    }
}
