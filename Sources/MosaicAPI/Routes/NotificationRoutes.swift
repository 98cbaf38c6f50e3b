import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct NotificationView: Encodable {
    let notificationId: MosaicID
    let type: String
    /// The most recent actors (at most five); `actor_count` is the total ("a and 4 others").
    let actors: [UserSummary]
    let actorCount: Int
    @Nullable var postId: PostID?
    @Nullable var commentId: CommentID?
    @Nullable var threadId: ThreadID?
    let text: String
    let createdAt: Date
    let updatedAt: Date
    let read: Bool
}

struct NotificationListView: Encodable {
    let notifications: [NotificationView]
    let unreadCount: Int
    @Nullable var nextCursor: String?
    let hasMore: Bool
}

extension Services {
    /// "a", "a and b", "a and 4 others" followed by the action.
    static func notificationText(type: String, names: [String], count: Int) -> String {
        let who: String
        switch (names.count, count) {
        case (0, _): who = "Someone"
        case (_, 1): who = names[0]
        case (_, 2) where names.count >= 2: who = "\(names[0]) and \(names[1])"
        default: who = "\(names[0]) and \(count - 1) others"
        }
        let action = switch type {
        case "like": "liked your post."
        case "comment": "commented on your post."
        case "reply": "replied to your comment."
        case "mention": "mentioned you."
        case "tag": "tagged you in a post."
        case "follow": "started following you."
        case "follow_request": "requested to follow you."
        case "message": count > 1 ? "sent you messages." : "sent you a message."
        default: type
        }
        return "\(who) \(action)"
    }

    func notificationViews(_ records: [NotificationRecord], viewer: UserID) async throws -> [NotificationView] {
        let blocked = try await blockedSet(viewer)
        let users = try await store.users(ids: Array(Set(records.flatMap(\.actors))))
        return records.compactMap { n in
            // Actors blocked since the notification was raised disappear from it, and so does a notification left empty.
            let actors = n.actors.filter { !blocked.contains($0) }.compactMap { users[$0] }
            guard !actors.isEmpty else { return nil }
            let count = max(actors.count, n.actorCount - (n.actors.count - actors.count))
            return NotificationView(notificationId: n.id, type: n.type, actors: actors.map(UserSummary.init), actorCount: count,
                                    postId: n.postID, commentId: n.commentID, threadId: n.threadID,
                                    text: Self.notificationText(type: n.type, names: actors.map(\.username), count: count),
                                    createdAt: n.createdAt, updatedAt: n.updatedAt, read: n.read)
        }
    }

    func addNotificationRoutes(_ r: RouteTable) {
        r.get("/api/v1/notifications") { request, context in
            let viewer = try await self.viewer(request, context)
            let page = try await self.store.notifications(user: viewer, page: try request.page(kind: CursorKind.notifications))
            let views = try await self.notificationViews(page.items, viewer: viewer)
            let unread = try await self.store.unreadNotificationCount(user: viewer, hiding: try await self.blockedSet(viewer))
            return try JSONBody.response(NotificationListView(notifications: views, unreadCount: unread,
                                                              nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        r.post("/api/v1/notifications/read") { request, context in
            let viewer = try await self.viewer(request, context)
            try await self.store.markNotificationsRead(user: viewer)
            return JSONBody.noContent()
        }
    }
}
