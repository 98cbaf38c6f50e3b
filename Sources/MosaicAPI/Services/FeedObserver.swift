import Foundation
import Logging
import MosaicCore
import MosaicFeed

/// Drives the home feed from social actions. Only post creation can fail the request (its fan-out job
/// must be durable before the 201); the rest is cleanup that reads do not depend on — every feed read
/// filters by current follows and live posts — so a failure there is logged, not surfaced.
final class FeedObserver: SocialObserver {
    let engine: FeedEngine
    let logger: Logger

    init(engine: FeedEngine, logger: Logger) { self.engine = engine; self.logger = logger }

    func didCreatePost(_ post: Post, author: User) async throws {
        try await engine.postCreated(post, authorFollowers: author.followerCount)
    }

    func didDeletePost(_ post: PostID, author: UserID) async {
        await attempt("delete") { try await engine.postDeleted(post, author: author) }
    }

    func didFollow(follower: UserID, followee: UserID, state: FollowState) async {
        guard state == .following else { return }
        await attempt("follow") { try await engine.followed(follower: follower, followee: followee) }
    }

    func didUnfollow(follower: UserID, followee: UserID) async {
        await attempt("unfollow") { try await engine.unfollowed(follower: follower, followee: followee) }
    }

    func didBlock(blocker: UserID, blocked: UserID) async {
        await attempt("block") { try await engine.blocked(blocker: blocker, blocked: blocked) }
    }

    func didLike(user: UserID, post: Post) async { engine.engaged(user: user, post: post.id) }
    func didUnlike(user: UserID, post: Post) async { engine.engaged(user: user, post: post.id) }
    func didSave(user: UserID, post: Post) async { engine.engaged(user: user, post: post.id) }
    func didComment(_ comment: Comment, post: Post, parentAuthor: UserID?) async { engine.engaged(user: comment.authorID, post: post.id) }
    func didShare(user: UserID, post: Post, to: [UserID]) async { engine.engaged(user: user, post: post.id) }

    private func attempt(_ action: String, _ body: () async throws -> Void) async {
        do { try await body() } catch {
            logger.warning("feed cleanup failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}

extension Services {
    /// Builds the hybrid feed engine over `store` and subscribes it to social actions. The runtime and the
    /// test server call this right after creating `Services` with `feed: engine`.
    static func makeFeedEngine(store: any FeedBackingStore, config: ServerConfiguration, clock: any MosaicClock,
                               logger: Logger) -> FeedEngine {
        FeedEngine(store: store, configuration: config.feed, clock: clock, logger: logger)
    }

    /// The hybrid engine when installed (nil with the pull-only default).
    public var feedEngine: FeedEngine? { feed as? FeedEngine }

    func installFeedObserver() {
        if let engine = feedEngine { hooks.add(FeedObserver(engine: engine, logger: logger)) }
    }
}
