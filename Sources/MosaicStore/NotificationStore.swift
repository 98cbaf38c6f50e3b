import Foundation
import MosaicCore

/// Something that happened to `recipient` because of `actor`.
public struct NotificationEvent: Sendable, Equatable {
    public var recipient: UserID
    public var actor: UserID
    public var type: String
    public var postID: PostID?
    public var commentID: CommentID?
    public var threadID: ThreadID?
    /// Events with the same key notify once, ever (like, unlike, like is one notification).
    public var dedupeKey: String
    /// Events with the same key within the aggregation window merge into one notification ("a and 4 others").
    public var groupKey: String
    public var at: Date
    public init(recipient: UserID, actor: UserID, type: String, postID: PostID? = nil, commentID: CommentID? = nil,
                threadID: ThreadID? = nil, dedupeKey: String, groupKey: String, at: Date) {
        self.recipient = recipient; self.actor = actor; self.type = type; self.postID = postID; self.commentID = commentID
        self.threadID = threadID; self.dedupeKey = dedupeKey; self.groupKey = groupKey; self.at = at
    }
}

/// A stored (possibly aggregated) notification.
public struct NotificationRecord: Sendable, Equatable {
    public var id: MosaicID
    public var type: String
    public var postID: PostID?
    public var commentID: CommentID?
    public var threadID: ThreadID?
    /// Most recent first, at most a handful; `actorCount` is the total.
    public var actors: [UserID]
    public var actorCount: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var read: Bool
}

public protocol NotificationStore: Sendable {
    /// Records the event; nil when it was a duplicate. Merges into an unread notification of the same group
    /// updated within `window`, else creates one with `newID`. `sortKey` (a fresh ID) moves it to the top.
    func recordNotification(_ event: NotificationEvent, newID: MosaicID, sortKey: MosaicID,
                            window: TimeInterval) async throws -> NotificationRecord?
    /// Newest activity first; the page key is the sort key.
    func notifications(user: UserID, page: PageRequest) async throws -> Page<NotificationRecord>
    /// Marks everything read; returns how many were unread.
    @discardableResult
    func markNotificationsRead(user: UserID) async throws -> Int
    /// Unread notifications with at least one actor outside `hiding` (the viewer's blocks, which the list hides).
    func unreadNotificationCount(user: UserID, hiding: Set<UserID>) async throws -> Int
}

extension NotificationStore {
    public func unreadNotificationCount(user: UserID) async throws -> Int {
        try await unreadNotificationCount(user: user, hiding: [])
    }
}
