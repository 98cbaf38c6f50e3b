import Foundation
import MosaicCore
import Synchronization

/// Side effects of social actions that other subsystems care about: the feed fans posts out, notifications
/// are raised, the event stream and Explore's counters learn of engagement. Handlers call these after the
/// write has committed. `didCreatePost` may throw: a post's fan-out job must be durable before its 201.
public protocol SocialObserver: Sendable {
    func didCreatePost(_ post: Post, author: User) async throws
    func didDeletePost(_ post: PostID, author: UserID) async
    func didFollow(follower: UserID, followee: UserID, state: FollowState) async
    func didUnfollow(follower: UserID, followee: UserID) async
    func didBlock(blocker: UserID, blocked: UserID) async
    func didLike(user: UserID, post: Post) async
    func didUnlike(user: UserID, post: Post) async
    func didSave(user: UserID, post: Post) async
    func didUnsave(user: UserID, post: Post) async
    func didComment(_ comment: Comment, post: Post, parentAuthor: UserID?) async
    func didShare(user: UserID, post: Post, to: [UserID]) async
    func didChangePrivacy(user: UserID, isPrivate: Bool) async
    func didChangeRegion(user: UserID, region: String) async
    /// A post got its first report from one more account.
    func didReport(post: PostID) async
}

extension SocialObserver {
    public func didCreatePost(_ post: Post, author: User) async throws {}
    public func didDeletePost(_ post: PostID, author: UserID) async {}
    public func didFollow(follower: UserID, followee: UserID, state: FollowState) async {}
    public func didUnfollow(follower: UserID, followee: UserID) async {}
    public func didBlock(blocker: UserID, blocked: UserID) async {}
    public func didLike(user: UserID, post: Post) async {}
    public func didUnlike(user: UserID, post: Post) async {}
    public func didSave(user: UserID, post: Post) async {}
    public func didUnsave(user: UserID, post: Post) async {}
    public func didComment(_ comment: Comment, post: Post, parentAuthor: UserID?) async {}
    public func didShare(user: UserID, post: Post, to: [UserID]) async {}
    public func didChangePrivacy(user: UserID, isPrivate: Bool) async {}
    public func didChangeRegion(user: UserID, region: String) async {}
    public func didReport(post: PostID) async {}
}

/// The registered observers, called in registration order.
public final class SocialHooks: Sendable {
    private let observers = Mutex<[any SocialObserver]>([])
    public init() {}
    public func add(_ o: any SocialObserver) { observers.withLock { $0.append(o) } }
    private var all: [any SocialObserver] { observers.withLock { $0 } }

    func didCreatePost(_ post: Post, author: User) async throws { for o in all { try await o.didCreatePost(post, author: author) } }
    func didDeletePost(_ post: PostID, author: UserID) async { for o in all { await o.didDeletePost(post, author: author) } }
    func didFollow(follower: UserID, followee: UserID, state: FollowState) async {
        for o in all { await o.didFollow(follower: follower, followee: followee, state: state) }
    }
    func didUnfollow(follower: UserID, followee: UserID) async { for o in all { await o.didUnfollow(follower: follower, followee: followee) } }
    func didBlock(blocker: UserID, blocked: UserID) async { for o in all { await o.didBlock(blocker: blocker, blocked: blocked) } }
    func didLike(user: UserID, post: Post) async { for o in all { await o.didLike(user: user, post: post) } }
    func didUnlike(user: UserID, post: Post) async { for o in all { await o.didUnlike(user: user, post: post) } }
    func didSave(user: UserID, post: Post) async { for o in all { await o.didSave(user: user, post: post) } }
    func didUnsave(user: UserID, post: Post) async { for o in all { await o.didUnsave(user: user, post: post) } }
    func didComment(_ c: Comment, post: Post, parentAuthor: UserID?) async {
        for o in all { await o.didComment(c, post: post, parentAuthor: parentAuthor) }
    }
    func didShare(user: UserID, post: Post, to: [UserID]) async { for o in all { await o.didShare(user: user, post: post, to: to) } }
    func didChangePrivacy(user: UserID, isPrivate: Bool) async { for o in all { await o.didChangePrivacy(user: user, isPrivate: isPrivate) } }
    func didChangeRegion(user: UserID, region: String) async { for o in all { await o.didChangeRegion(user: user, region: region) } }
    func didReport(post: PostID) async { for o in all { await o.didReport(post: post) } }
}
