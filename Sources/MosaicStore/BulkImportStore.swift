import Foundation
import MosaicCore

/// Loading a whole community at once (the demo world, benchmarks, migrations from another service): rows go
/// in large transactions, with their counters already computed, instead of one transaction per action.
/// Not for request paths: it trusts its input and skips the per-action checks.
public protocol BulkImportStore: Sendable {
    func importUsers(_ users: [User], passwordHash: String) async throws
    func importFollows(_ edges: [(follower: UserID, followee: UserID, edgeID: MosaicID, at: Date)]) async throws
    func importMedia(_ media: [MediaRecord]) async throws
    /// Posts with their media already attached (`post.media`) and counters set.
    func importPosts(_ posts: [Post]) async throws
    func importLikes(_ likes: [(user: UserID, post: PostID, at: Date)]) async throws
    func importSaves(_ saves: [(user: UserID, post: PostID, at: Date)]) async throws
    func importComments(_ comments: [Comment]) async throws
    /// Share records (the posts' `share_count` comes with `importPosts`).
    func importShares(_ shares: [(user: UserID, post: PostID, at: Date)]) async throws
    /// Threads with their messages (oldest first); every participant has read the whole history.
    func importDirectThreads(_ threads: [(thread: DirectThread, messages: [DirectMessage])]) async throws
    /// Profile-visit counters, one row per (viewer, profile).
    func importProfileVisits(_ visits: [(viewer: UserID, profile: UserID, visits: Int, lastAt: Date)]) async throws
}
