import Foundation
import MosaicCore
import Synchronization

/// One thing a user did, as the session context keeps it.
public struct SessionAction: Sendable, Equatable {
    public var post: PostID
    public var author: UserID
    public var kind: Engagement.Kind
    public var category: String
    public var dwellMs: UInt32
    public var at: Date
}

/// Each user's last actions (20 by default), in memory, fed by the event log: the session signal Explore adds
/// to the user vector, and the fallback interest profile when the user tower is unavailable.
///
/// Impressions are not actions (the user did nothing; they would push real actions out of a 20-slot window).
/// Memory is bounded by `maxUsers`: past it, the least recently active tenth of users is forgotten.
public final class SessionContext: EventProjection {
    public let capacity: Int
    public let maxUsers: Int

    private struct Ring {
        var actions: [SessionAction] = []
        var next = 0
        /// Actions ever recorded for the user: lets a caller ask "N new events since I computed the vector".
        var total: UInt64 = 0
        var lastAt: Date = .distantPast
    }
    private let users: Mutex<[UserID: Ring]> = Mutex([:])

    public init(capacity: Int = 20, maxUsers: Int = 1_000_000) {
        precondition(capacity > 0 && maxUsers > 0)
        self.capacity = capacity
        self.maxUsers = maxUsers
    }

    /// The user's recent actions, newest first.
    public func recent(_ user: UserID) -> [SessionAction] {
        users.withLock { u in
            guard let r = u[user] else { return [] }
            let n = r.actions.count
            return (0..<n).map { r.actions[(r.next - 1 - $0 + 2 * n) % n] }
        }
    }

    /// How many actions the user has taken since the log began (monotonic; survives restarts).
    public func actionCount(_ user: UserID) -> UInt64 { users.withLock { $0[user]?.total ?? 0 } }

    /// Category interests from the recent actions: each action's weight (a share outweighs a like, which
    /// outweighs a view; hides and reports count against), halved every `halfLife` of age. Categories with a
    /// positive total, strongest first, normalised to sum to 1.
    public func categoryInterests(_ user: UserID, now: Date, halfLife: TimeInterval = 1800) -> [(category: String, weight: Double)] {
        var score: [String: Double] = [:]
        for a in recent(user) where !a.category.isEmpty {
            let decay = pow(0.5, max(0, now.timeIntervalSince(a.at)) / halfLife)
            score[a.category, default: 0] += Self.weight(a) * decay
        }
        let positive = score.filter { $0.value > 0 }
        let sum = positive.values.reduce(0, +)
        guard sum > 0 else { return [] }
        return positive.map { ($0.key, $0.value / sum) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.category < $1.category }
    }

    static func weight(_ a: SessionAction) -> Double {
        switch a.kind {
        case .impression: 0
        case .view: 0.3
        case .dwell: min(1, Double(a.dwellMs) / 10_000)
        case .like: 1
        case .comment: 1.5
        case .save: 2
        case .share: 2.5
        case .hide: -2
        case .report: -3
        }
    }

    public func record(_ r: Engagement) {
        guard r.kind != .impression else { return }
        users.withLock { insert(&$0, r) }
    }

    public func apply(_ events: [LoggedEvent]) {
        users.withLock { u in
            for e in events where e.record.kind != .impression { insert(&u, e.record) }
        }
    }

    private func insert(_ u: inout [UserID: Ring], _ r: Engagement) {
        let action = SessionAction(post: r.postID, author: r.authorID, kind: r.kind, category: r.category,
                                   dwellMs: r.dwellMs, at: r.at)
        var ring = u.removeValue(forKey: r.userID) ?? Ring()
        if ring.actions.count < capacity { ring.actions.append(action) } else { ring.actions[ring.next] = action }
        ring.next = (ring.next + 1) % capacity
        ring.total += 1
        ring.lastAt = max(ring.lastAt, r.at)
        u[r.userID] = ring
        if u.count > maxUsers {
            let cutoff = u.values.map(\.lastAt).sorted()[u.count / 10]
            u = u.filter { $0.value.lastAt > cutoff }
        }
    }

    public func checkpoint() -> [UInt8] {
        users.withLock { u in
            var w = ByteWriter(capacity: u.count * (capacity * 40 + 32))
            w.u8(1)
            w.u32(UInt32(u.count))
            for (id, r) in u {
                w.u64(id.rawValue); w.u64(r.total); w.u32(UInt32(r.next)); w.date(r.lastAt)
                w.u32(UInt32(r.actions.count))
                for a in r.actions {
                    w.u64(a.post.rawValue); w.u64(a.author.rawValue); w.u8(a.kind.rawValue); w.string(a.category)
                    w.u32(a.dwellMs); w.date(a.at)
                }
            }
            return w.bytes
        }
    }

    public func restore(from checkpoint: [UInt8]?) throws -> UInt64? {
        var fresh: [UserID: Ring] = [:]
        if let checkpoint {
            var r = ByteReader(checkpoint)
            guard try r.u8() == 1 else { throw DecodingFailure("unknown session checkpoint version") }
            for _ in 0..<(try r.u32()) {
                let id = MosaicID(rawValue: try r.u64())
                var ring = Ring()
                ring.total = try r.u64(); ring.next = Int(try r.u32()); ring.lastAt = try r.date()
                for _ in 0..<(try r.u32()) {
                    let post = MosaicID(rawValue: try r.u64()), author = MosaicID(rawValue: try r.u64())
                    guard let kind = Engagement.Kind(rawValue: try r.u8()) else { throw DecodingFailure("bad kind") }
                    ring.actions.append(SessionAction(post: post, author: author, kind: kind, category: try r.string(),
                                                      dwellMs: try r.u32(), at: try r.date()))
                }
                guard ring.actions.count <= capacity, ring.next < capacity else {
                    throw DecodingFailure("session checkpoint from a different capacity")
                }
                fresh[id] = ring
            }
        }
        users.withLock { $0 = fresh }
        return nil
    }
}
