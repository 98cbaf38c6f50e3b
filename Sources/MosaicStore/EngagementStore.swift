import Foundation
import MosaicCore

/// Likes, saves, shares and comments. Counters move only when a row really changes, so repeated or
/// concurrent requests keep them exact.
public protocol EngagementStore: Sendable {
    /// Returns the post's like count afterwards.
    func like(user: UserID, post: PostID, at: Date) async throws -> (likeCount: Int, changed: Bool)
    func unlike(user: UserID, post: PostID) async throws -> (likeCount: Int, changed: Bool)
    func save(user: UserID, post: PostID, at: Date) async throws -> Bool
    func unsave(user: UserID, post: PostID) async throws -> Bool
    func recordShare(user: UserID, post: PostID, at: Date) async throws
    func likedAmong(user: UserID, posts: [PostID]) async throws -> Set<PostID>
    func savedAmong(user: UserID, posts: [PostID]) async throws -> Set<PostID>
    /// Saved posts, most recently saved first (keyed by save time in ms).
    func savedPosts(user: UserID, page: PageRequest) async throws -> Page<PostID>

    /// Posts the user liked or saved, most recent first: their interests, and what Explore must not repeat.
    func recentlyEngagedPosts(user: UserID, limit: Int) async throws -> [PostID]
    /// Records that the user hid (`report` false) or reported a post: one row per user and post, a report after
    /// a hide upgrades it. Returns true when this is the user's first report of the post, which then adds one
    /// to the post's `reportCount` in the same transaction.
    func dismiss(user: UserID, post: PostID, report: Bool, at: Date) async throws -> Bool
    /// Posts the user hid or reported, most recent first: Explore never shows them to the user again.
    func dismissedPosts(user: UserID, limit: Int) async throws -> [PostID]
    /// Likes by any of `users` since `since`, newest first: the graph candidate source.
    func recentLikes(byUsers users: [UserID], since: Date, limit: Int) async throws -> [(user: UserID, post: PostID)]

    func addComment(_ comment: Comment) async throws -> Comment
    func comment(id: CommentID) async throws -> Comment?
    /// Comments of a post at one level (top level when `parent` is nil), oldest first; the page key is
    /// "after this comment ID".
    func comments(post: PostID, parent: CommentID?, page: PageRequest) async throws -> Page<Comment>
}
