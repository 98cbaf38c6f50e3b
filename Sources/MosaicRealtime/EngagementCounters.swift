import MosaicCore
import Synchronization

/// Per-kind event counts for one post, creator or category.
public struct EngagementCounts: Sendable, Equatable {
    /// Indexed by `Engagement.Kind.rawValue`; a vector so that adding two counts is one SIMD add.
    public var byKind = SIMD16<UInt32>()
    public var dwellMs: UInt64 = 0

    public init() {}

    public subscript(kind: Engagement.Kind) -> Int { Int(byKind[Int(kind.rawValue)]) }
    /// The trial-audience numerator: likes and sends (shares), the seed's "rate" signal.
    public var likesAndSends: Int { self[.like] + self[.share] }
    public var views: Int { self[.view] }

    mutating func add(_ kind: Engagement.Kind, dwellMs: UInt32) {
        byKind[Int(kind.rawValue)] &+= 1
        self.dwellMs &+= UInt64(dwellMs)
    }

    func write(to w: inout ByteWriter) {
        for k in Engagement.Kind.allCases { w.u32(byKind[Int(k.rawValue)]) }
        w.u64(dwellMs)
    }

    init(reading r: inout ByteReader) throws {
        for k in Engagement.Kind.allCases { byKind[Int(k.rawValue)] = try r.u32() }
        dwellMs = try r.u64()
    }
}

/// Exact engagement counters per post, per creator and per category, fed by an `EventConsumer`.
/// Reads are synchronous (a `Mutex`), so ranking can call them from anywhere without hopping to an actor.
public final class EngagementCounters: EventProjection {
    private struct State {
        var posts: [PostID: EngagementCounts] = [:]
        var authors: [UserID: EngagementCounts] = [:]
        var categories: [String: EngagementCounts] = [:]
        var applied: UInt64 = 0
    }
    private let state = Mutex(State())

    public init() {}

    public func counts(post: PostID) -> EngagementCounts { state.withLock { $0.posts[post] ?? .init() } }
    public func counts(author: UserID) -> EngagementCounts { state.withLock { $0.authors[author] ?? .init() } }
    public func counts(category: String) -> EngagementCounts { state.withLock { $0.categories[category] ?? .init() } }
    /// Events applied since the log began (survives restarts through the checkpoint).
    public var eventsApplied: UInt64 { state.withLock { $0.applied } }

    /// A category's likes-and-sends per view: the baseline a trial audience is measured against. Nil before
    /// the category has `minimumViews` views.
    public func engagementRate(category: String, minimumViews: Int = 100) -> Double? {
        let c = counts(category: category)
        guard c.views >= minimumViews else { return nil }
        return Double(c.likesAndSends) / Double(c.views)
    }

    public func apply(_ events: [LoggedEvent]) {
        state.withLock { s in
            for e in events {
                let r = e.record
                s.posts[r.postID, default: .init()].add(r.kind, dwellMs: r.dwellMs)
                s.authors[r.authorID, default: .init()].add(r.kind, dwellMs: r.dwellMs)
                if !r.category.isEmpty { s.categories[r.category, default: .init()].add(r.kind, dwellMs: r.dwellMs) }
            }
            s.applied += UInt64(events.count)
        }
    }

    public func checkpoint() -> [UInt8] {
        state.withLock { s in
            var w = ByteWriter(capacity: 64 * (s.posts.count + s.authors.count + s.categories.count) + 32)
            w.u8(1)
            w.u64(s.applied)
            w.u32(UInt32(s.posts.count))
            for (id, c) in s.posts { w.u64(id.rawValue); c.write(to: &w) }
            w.u32(UInt32(s.authors.count))
            for (id, c) in s.authors { w.u64(id.rawValue); c.write(to: &w) }
            w.u32(UInt32(s.categories.count))
            for (name, c) in s.categories { w.string(name); c.write(to: &w) }
            return w.bytes
        }
    }

    public func restore(from checkpoint: [UInt8]?) throws -> UInt64? {
        var fresh = State()
        if let checkpoint {
            var r = ByteReader(checkpoint)
            guard try r.u8() == 1 else { throw DecodingFailure("unknown counters checkpoint version") }
            fresh.applied = try r.u64()
            for _ in 0..<(try r.u32()) { fresh.posts[MosaicID(rawValue: try r.u64())] = try EngagementCounts(reading: &r) }
            for _ in 0..<(try r.u32()) { fresh.authors[MosaicID(rawValue: try r.u64())] = try EngagementCounts(reading: &r) }
            for _ in 0..<(try r.u32()) { fresh.categories[try r.string()] = try EngagementCounts(reading: &r) }
        }
        state.withLock { $0 = fresh }
        return nil
    }
}
