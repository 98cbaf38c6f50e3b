import Foundation
import MosaicCore
import Synchronization

/// What Explore knows about a post without touching the database: enough to filter and rank thousands of
/// candidates per request in microseconds. Kept in step by the API's social hooks and loaded at start-up.
public struct CatalogEntry: Sendable {
    public var postID: PostID
    public var authorID: UserID
    public var category: String
    public var hashtags: [String]
    public var createdAt: Date
    public var likes: Int32
    public var comments: Int32
    public var saves: Int32
    public var shares: Int32
    public var hides: Int32
    public var reports: Int32
    public var impressions: Int32
    public var authorFollowers: Int32
    public var authorRegion: String
    public var authorPrivate: Bool
    public var deleted: Bool

    public init(post: Post, author: User) {
        postID = post.id; authorID = post.authorID; category = post.category; hashtags = post.hashtags
        createdAt = post.createdAt; likes = Int32(post.likeCount); comments = Int32(post.commentCount)
        saves = Int32(post.saveCount); shares = Int32(post.shareCount); hides = 0; reports = 0; impressions = 0
        authorFollowers = Int32(author.followerCount); authorRegion = author.region; authorPrivate = author.isPrivate
        deleted = post.deletedAt != nil
    }

    /// Weighted engagement, the numerator of popularity and of the light ranker's prior.
    public var engagement: Float { Float(likes) + 2 * Float(comments) + 3 * Float(saves) + 3 * Float(shares) }

    /// Engagement per hour of age with gravity 1.2, as ranking on news sites does: recent beats big.
    public func popularity(now: Date) -> Float {
        let hours = Float(max(0, now.timeIntervalSince(createdAt)) / 3600)
        return (engagement + 1) / powf(hours + 2, 1.2)
    }
}

/// The in-process catalog of recent posts (30 days by default), keyed by post ID.
public final class PostCatalog: Sendable {
    private let entries = Mutex<[PostID: CatalogEntry]>([:])
    public let horizon: TimeInterval

    public init(horizon: TimeInterval = 30 * 86_400) { self.horizon = horizon }

    public func upsert(_ e: CatalogEntry) { entries.withLock { $0[e.postID] = e } }
    public func remove(_ id: PostID) { entries.withLock { $0[id]?.deleted = true } }
    public func update(_ id: PostID, _ change: (inout CatalogEntry) -> Void) {
        entries.withLock { all in if var e = all[id] { change(&e); all[id] = e } }
    }
    public func setAuthorPrivacy(_ author: UserID, isPrivate: Bool) {
        entries.withLock { all in for (k, v) in all where v.authorID == author { all[k]!.authorPrivate = isPrivate } }
    }
    public func entry(_ id: PostID) -> CatalogEntry? { entries.withLock { $0[id] } }
    public func entries(_ ids: [PostID]) -> [CatalogEntry] { entries.withLock { all in ids.compactMap { all[$0] } } }

    /// A snapshot of live entries newer than `since` (one lock, one copy; callers filter and sort).
    public func live(since: Date) -> [CatalogEntry] {
        entries.withLock { all in all.values.filter { !$0.deleted && $0.createdAt >= since } }
    }

    public var count: Int { entries.withLock { $0.count } }

    /// Drops entries older than the horizon.
    public func evict(now: Date) {
        let cutoff = now.addingTimeInterval(-horizon)
        entries.withLock { all in all = all.filter { $0.value.createdAt >= cutoff } }
    }
}
