import Foundation
import MosaicCore
import MosaicStore

struct ThreadView: Encodable {
    let threadId: ThreadID
    let participants: [UserSummary]
}

struct InboxThreadView: Encodable {
    let threadId: ThreadID
    let participants: [UserSummary]
    @Nullable var lastMessageAt: Date?
    let lastMessagePreview: String
    let unreadCount: Int
}

struct InboxView: Encodable {
    let threads: [InboxThreadView]
    @Nullable var nextCursor: String?
    let hasMore: Bool
}

struct MessageView: Encodable {
    let messageId: MessageID
    let threadId: ThreadID
    let senderId: UserID
    let clientId: String
    @Nullable var text: String?
    @Nullable var postId: PostID?
    @Nullable var storyId: StoryID?
    let createdAt: Date
    let status: String

    init(_ m: DirectMessage) {
        messageId = m.id; threadId = m.threadID; senderId = m.senderID; clientId = m.clientID; text = m.text
        postId = m.postID; storyId = m.storyID; createdAt = m.createdAt; status = "sent"
    }
}

struct ReadReceiptView: Encodable {
    let userId: UserID
    /// The newest message this participant has seen ("0" for none).
    let lastReadMessageId: MessageID
}

struct MessageListView: Encodable {
    let messages: [MessageView]
    let readReceipts: [ReadReceiptView]
    @Nullable var nextCursor: String?
    let hasMore: Bool
}

struct ShareView: Encodable { let threadIds: [ThreadID] }
