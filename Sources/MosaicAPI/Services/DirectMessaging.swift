import Foundation
import MosaicCore
import MosaicStore

/// The rules of direct messaging, shared by the thread routes, post sharing and story replies.
extension Services {
    static let maxThreadParticipants = 32
    static let maxMessageLength = 1000

    /// The thread of the viewer with `others`, created if needed. 404 for unknown accounts, 403 when any of
    /// them blocked the viewer or was blocked by them.
    func directThread(viewer: UserID, with others: [UserID]) async throws -> (thread: DirectThread, created: Bool) {
        let people = Set(others).union([viewer])
        guard people.count >= 2 else { throw MosaicError.unprocessable("invalid_participants", "A thread needs someone else in it.") }
        guard people.count <= Self.maxThreadParticipants else {
            throw MosaicError.unprocessable("too_many_participants", "A thread holds at most \(Self.maxThreadParticipants) people.")
        }
        let users = try await store.users(ids: Array(people))
        guard users.count == people.count else { throw MosaicError.notFound("The account") }
        let blocked = try await blockedSet(viewer)
        if !blocked.isDisjoint(with: people) { throw MosaicError.blocked }
        return try await store.findOrCreateThread(newID: ids.next(shard: viewer.shard), participants: Array(people), at: clock.now())
    }

    /// The thread if `viewer` is in it: 404 when it does not exist, 403 for non-participants.
    func participatingThread(_ id: ThreadID, viewer: UserID) async throws -> DirectThread {
        guard let thread = try await store.thread(id: id) else { throw MosaicError.notFound("The thread") }
        guard thread.participants.contains(viewer) else {
            throw MosaicError.forbidden("not_participant", "You are not in this thread.")
        }
        return thread
    }

    /// Sends (or, for a retried `clientID`, returns) a message. Durable before it returns; notifies the others.
    func sendDirectMessage(thread: DirectThread, sender: UserID, text: String?, postID: PostID? = nil, storyID: StoryID? = nil,
                           clientID: String) async throws -> (message: DirectMessage, created: Bool) {
        guard !clientID.isEmpty, clientID.utf8.count <= 64 else {
            throw MosaicError.unprocessable("invalid_client_id", "client_id must be 1-64 characters.")
        }
        let text = try text.map { try Validation.text($0, field: "text", max: Self.maxMessageLength) }
        guard text != nil || postID != nil else { throw MosaicError.unprocessable("empty_message", "A message needs text or a post.") }
        // Blocks made after the thread was created still stop messages.
        let others = thread.participants.filter { $0 != sender }
        if !(try await blockedSet(sender)).isDisjoint(with: others) { throw MosaicError.blocked }
        let message = DirectMessage(id: ids.next(shard: thread.id.shard), threadID: thread.id, senderID: sender, clientID: clientID,
                                    text: text, postID: postID, storyID: storyID, createdAt: clock.now())
        let result = try await store.send(message)
        if result.created {
            // Every connection of every participant, the sender's other devices included.
            await push.publish(.message, MessageView(result.message), to: thread.participants)
            await notifications.didSendMessage(result.message, to: others)
        }
        return result
    }
}
