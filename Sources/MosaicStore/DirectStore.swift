import Foundation
import MosaicCore

public typealias ThreadID = MosaicID
public typealias MessageID = MosaicID
public typealias StoryID = MosaicID

/// A conversation between 2 and 32 people. The same set of people always maps to the same thread.
public struct DirectThread: Sendable, Equatable {
    public var id: ThreadID
    public var participants: [UserID]
    public var createdAt: Date
    public var lastMessageAt: Date?
    public var lastPreview: String
    public init(id: ThreadID, participants: [UserID], createdAt: Date, lastMessageAt: Date? = nil, lastPreview: String = "") {
        self.id = id; self.participants = participants; self.createdAt = createdAt
        self.lastMessageAt = lastMessageAt; self.lastPreview = lastPreview
    }
}

/// One message: text, a shared post, or a reply to a story (text plus the story).
public struct DirectMessage: Sendable, Equatable {
    public var id: MessageID
    public var threadID: ThreadID
    public var senderID: UserID
    /// Chosen by the sending client; a retry with the same value returns the stored message.
    public var clientID: String
    public var text: String?
    public var postID: PostID?
    public var storyID: StoryID?
    public var createdAt: Date
    public init(id: MessageID, threadID: ThreadID, senderID: UserID, clientID: String, text: String?,
                postID: PostID? = nil, storyID: StoryID? = nil, createdAt: Date) {
        self.id = id; self.threadID = threadID; self.senderID = senderID; self.clientID = clientID
        self.text = text; self.postID = postID; self.storyID = storyID; self.createdAt = createdAt
    }
}

/// A thread as one participant's inbox shows it.
public struct InboxEntry: Sendable, Equatable {
    public var thread: DirectThread
    public var unreadCount: Int
}

/// Threads, messages and read state. A send commits before it returns, so a 201 means the message is durable.
public protocol DirectStore: Sendable {
    /// The thread of exactly these participants, created with `newID` if there is none yet.
    func findOrCreateThread(newID: ThreadID, participants: [UserID], at: Date) async throws -> (thread: DirectThread, created: Bool)
    func thread(id: ThreadID) async throws -> DirectThread?
    /// Stores the message, or returns the one already stored under the same (thread, sender, client ID).
    func send(_ message: DirectMessage) async throws -> (message: DirectMessage, created: Bool)
    /// Newest first; the page key is "older than this message ID".
    func messages(thread: ThreadID, page: PageRequest) async throws -> Page<DirectMessage>
    /// Threads with at least one message, most recent message first; the page key is the thread's sort key.
    func inbox(user: UserID, page: PageRequest) async throws -> Page<InboxEntry>
    /// Moves the user's read marker forward (never back) to `upTo`.
    func markRead(thread: ThreadID, user: UserID, upTo: MessageID) async throws
    /// Each participant's read marker: the newest message ID they have seen (0 when none).
    func readMarkers(thread: ThreadID) async throws -> [UserID: MessageID]
    /// Messages `from` sent to `to` in their one-to-one thread: an affinity signal for the story ring.
    func directMessageCounts(from: UserID, to: [UserID]) async throws -> [UserID: Int]
}
