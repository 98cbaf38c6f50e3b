import Foundation
import MosaicCore
import MosaicStore

/// Raises notifications from social actions: like, comment, reply, mention, tag, follow, follow request and
/// message. Likes, comments, follows and messages aggregate per post (or thread) within `window`; every
/// (actor, action, target) notifies once, ever; nothing is raised between accounts that block each other.
public final class NotificationObserver: SocialObserver {
    /// Activity on one post within this window is one notification ("a and 4 others liked your post").
    public static let window: TimeInterval = 6 * 3600

    let store: any Services.Store
    let ids: IDGenerator
    let clock: any MosaicClock
    /// Each notification created or updated is pushed to the recipient's connections.
    let push: RealtimePush

    public init(store: any Services.Store, ids: IDGenerator, clock: any MosaicClock, push: RealtimePush) {
        self.store = store; self.ids = ids; self.clock = clock; self.push = push
    }

    /// Records one event unless it is self-inflicted, a duplicate or between blocked accounts. Notification
    /// failures never fail the action that caused them.
    func notify(_ type: String, to recipient: UserID, from actor: UserID, post: PostID? = nil, comment: CommentID? = nil,
               thread: ThreadID? = nil, dedupe: String, group: String) async {
        guard recipient != actor else { return }
        do {
            if try await store.blockedEitherWay(recipient).contains(actor) { return }
            let event = NotificationEvent(recipient: recipient, actor: actor, type: type, postID: post, commentID: comment,
                                          threadID: thread, dedupeKey: dedupe, groupKey: group, at: clock.now())
            if let record = try await store.recordNotification(event, newID: ids.next(shard: recipient.shard),
                                                               sortKey: ids.next(shard: recipient.shard), window: Self.window) {
                await push.publish(.notification, PushedNotification(
                    notificationId: record.id, type: record.type, actorIds: record.actors, actorCount: record.actorCount,
                    postId: record.postID, threadId: record.threadID, read: record.read), to: [recipient])
            }
        } catch {
            // Best effort by design: the like or comment itself has committed.
        }
    }

    /// Accounts named by @mentions, resolved to IDs.
    private func mentioned(_ usernames: [String]) async -> [UserID] {
        var out: [UserID] = []
        for name in Set(usernames).prefix(20) {
            if let u = try? await store.user(username: name) { out.append(u.id) }
        }
        return out
    }

    public func didCreatePost(_ post: Post, author: User) async throws {
        for u in await mentioned(post.mentions) {
            await notify("mention", to: u, from: author.id, post: post.id, dedupe: "mention:post:\(post.id)", group: "mention:post:\(post.id)")
        }
        for u in Set(post.taggedUserIDs) {
            await notify("tag", to: u, from: author.id, post: post.id, dedupe: "tag:\(post.id)", group: "tag:\(post.id)")
        }
    }

    public func didLike(user: UserID, post: Post) async {
        await notify("like", to: post.authorID, from: user, post: post.id, dedupe: "like:\(post.id):\(user)", group: "like:\(post.id)")
    }

    public func didComment(_ c: Comment, post: Post, parentAuthor: UserID?) async {
        await notify("comment", to: post.authorID, from: c.authorID, post: post.id, comment: c.id,
                    dedupe: "comment:\(c.id)", group: "comment:\(post.id)")
        if let parentAuthor, parentAuthor != post.authorID {
            await notify("reply", to: parentAuthor, from: c.authorID, post: post.id, comment: c.id,
                        dedupe: "reply:\(c.id)", group: "reply:\(c.id)")
        }
        for u in await mentioned(CaptionParser.mentions(in: c.text)) where u != post.authorID && u != parentAuthor {
            await notify("mention", to: u, from: c.authorID, post: post.id, comment: c.id,
                        dedupe: "mention:comment:\(c.id)", group: "mention:comment:\(c.id)")
        }
    }

    public func didFollow(follower: UserID, followee: UserID, state: FollowState) async {
        switch state {
        case .following:
            await notify("follow", to: followee, from: follower, dedupe: "follow:\(follower)", group: "follow")
        case .requested:
            await notify("follow_request", to: followee, from: follower, dedupe: "follow_request:\(follower)", group: "follow_request:\(follower)")
        case .none:
            break
        }
    }

    /// A new direct message: one notification per thread while unread.
    func didSendMessage(_ m: DirectMessage, to recipients: [UserID]) async {
        for r in recipients {
            await notify("message", to: r, from: m.senderID, thread: m.threadID, dedupe: "message:\(m.id)", group: "message:\(m.threadID)")
        }
    }
}
