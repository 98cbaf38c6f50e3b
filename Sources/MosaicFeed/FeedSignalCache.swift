import Foundation
import MosaicCore
import MosaicStore

/// What the ranker knows about one reader, read from the store in a few grouped queries and kept while it
/// stays true: engagement tallies by author and by category, messages exchanged and profile visits by account.
public struct ReaderSignals: Sendable {
    /// Per account: likes, comments, saves and shares on their posts, messages exchanged, profile visits.
    public var byAuthor: [UserID: SIMD8<Float>] = [:]
    public var byCategory: [String: Float] = [:]
    /// The reader's likes, comments, saves and shares in all.
    public var total: Float = 0
    public var loadedAt: Date
    public init(loadedAt: Date) { self.loadedAt = loadedAt }
}

/// The little the ranker needs about an author.
public struct AuthorFacts: Sendable, Equatable {
    public var followers: Int
    public var verified: Bool
}

/// The ranker's per-reader and per-author inputs, in memory in front of the store, guarded by leases like the
/// post cache (concurrent misses on one key cost one load; a write during a load keeps the load's result out).
/// The engine feeds it from the write path: a reader's own like, comment, save or share invalidates their
/// signals, a follow, unfollow or block the followee's follower count. Messages and profile visits have no
/// hook into the feed, so a reader's signals are also reloaded once they are `maxAge` old.
public final class FeedSignalCache: Sendable {
    let readers: LeaseCache<UserID, ReaderSignals>
    let authors: LeaseCache<UserID, AuthorFacts>
    public let maxAge: TimeInterval
    /// How far back engagement and messages count.
    public let lookback: TimeInterval

    public init(readerCapacity: Int = 20_000, authorCapacity: Int = 200_000, maxAge: TimeInterval = 300,
                lookback: TimeInterval = 90 * 86_400) {
        readers = LeaseCache(capacity: readerCapacity)
        authors = LeaseCache(capacity: authorCapacity)
        self.maxAge = maxAge; self.lookback = lookback
    }

    /// The reader did something that changes their signals (engaged with a post).
    public func readerChanged(_ reader: UserID) { readers.invalidate(reader) }
    /// The account's follower count changed.
    public func authorChanged(_ author: UserID) { authors.invalidate(author) }

    public func reader(_ viewer: UserID, now: Date, store: any FeedBackingStore) async throws -> ReaderSignals {
        if let cached = readers.peek(viewer), now.timeIntervalSince(cached.loadedAt) > maxAge { readers.invalidate(viewer) }
        let since = now.addingTimeInterval(-lookback)
        let found = try await readers.values(for: [viewer]) { keys in
            var out: [UserID: ReaderSignals] = [:]
            for k in keys { out[k] = try await Self.load(k, since: since, now: now, store: store) }
            return out
        }
        return found[viewer] ?? ReaderSignals(loadedAt: now)
    }

    public func authors(_ ids: [UserID], store: any FeedBackingStore) async throws -> [UserID: AuthorFacts] {
        try await authors.values(for: ids) { keys in
            try await store.users(ids: keys).mapValues { AuthorFacts(followers: $0.followerCount, verified: $0.isVerified) }
        }
    }

    static func load(_ viewer: UserID, since: Date, now: Date, store: any FeedBackingStore) async throws -> ReaderSignals {
        async let tallies = store.engagementTallies(viewer: viewer, since: since)
        async let relations = store.relationshipCounts(viewer: viewer, since: since)
        var s = ReaderSignals(loadedAt: now)
        for t in try await tallies {
            let v = SIMD4<Float>(Float(t.likes), Float(t.comments), Float(t.saves), Float(t.shares))
            s.byAuthor[t.author, default: .zero].lowHalf += v
            s.byCategory[t.category, default: 0] += v.sum()
            s.total += v.sum()
        }
        for (account, r) in try await relations {
            s.byAuthor[account, default: .zero][4] = Float(r.messages)
            s.byAuthor[account, default: .zero][5] = Float(r.profileVisits)
        }
        return s
    }
}
