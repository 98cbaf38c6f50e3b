import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct CreateThreadInput: APIInput {
    static let fields: Set<String> = ["participant_ids"]
    let participantIds: [String]
    enum CodingKeys: String, CodingKey { case participantIds = "participant_ids" }
}

struct SendMessageInput: APIInput {
    static let fields: Set<String> = ["text", "post_id", "client_id"]
    let text: String?
    let postId: String?
    let clientId: String
    enum CodingKeys: String, CodingKey { case text, postId = "post_id", clientId = "client_id" }
}

struct ShareInput: APIInput {
    static let fields: Set<String> = ["to_user_ids"]
    let toUserIds: [String]
    enum CodingKeys: String, CodingKey { case toUserIds = "to_user_ids" }
}

func parseIDs(_ raw: [String], field: String) throws -> [MosaicID] {
    try raw.map { s in
        guard let id = MosaicID(s) else { throw MosaicError.invalidID(field) }
        return id
    }
}

extension Services {
    func addDirectRoutes(_ r: RouteTable) {
        r.post("/api/v1/direct/threads") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(CreateThreadInput.self, from: request)
            let (thread, created) = try await self.directThread(viewer: viewer, with: try parseIDs(input.participantIds, field: "participant_ids"))
            return try JSONBody.response(ThreadView(threadId: thread.id, participants: try await self.userSummaries(thread.participants)),
                                         status: created ? .created : .ok)
        }

        r.get("/api/v1/direct/inbox") { request, context in
            let viewer = try await self.viewer(request, context)
            let page = try await self.store.inbox(user: viewer, page: try request.page(kind: CursorKind.inbox))
            let users = try await self.store.users(ids: Array(Set(page.items.flatMap(\.thread.participants))))
            let threads = page.items.map { e in
                InboxThreadView(threadId: e.thread.id, participants: e.thread.participants.compactMap { users[$0].map(UserSummary.init) },
                                lastMessageAt: e.thread.lastMessageAt, lastMessagePreview: e.thread.lastPreview, unreadCount: e.unreadCount)
            }
            return try JSONBody.response(InboxView(threads: threads, nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        r.get("/api/v1/direct/threads/:thread_id/messages") { request, context in
            let viewer = try await self.viewer(request, context)
            let thread = try await self.participatingThread(try context.id("thread_id"), viewer: viewer)
            let pageRequest = try request.page(kind: CursorKind.messages)
            let page = try await self.store.messages(thread: thread.id, page: pageRequest)
            // Opening the thread (its newest page) is reading it.
            if pageRequest.after == nil, let newest = page.items.first {
                try await self.store.markRead(thread: thread.id, user: viewer, upTo: newest.id)
            }
            let markers = try await self.store.readMarkers(thread: thread.id)
            let receipts = thread.participants.map { ReadReceiptView(userId: $0, lastReadMessageId: markers[$0] ?? MosaicID(rawValue: 0)) }
            return try JSONBody.response(MessageListView(messages: page.items.map(MessageView.init), readReceipts: receipts,
                                                         nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        r.post("/api/v1/direct/threads/:thread_id/messages") { request, context in
            let viewer = try await self.viewer(request, context)
            let thread = try await self.participatingThread(try context.id("thread_id"), viewer: viewer)
            let input = try await JSONBody.decode(SendMessageInput.self, from: request)
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            var postID: PostID?
            if let raw = input.postId {
                guard let id = MosaicID(raw) else { throw MosaicError.invalidID("post_id") }
                postID = try await self.visiblePost(id: id, viewer: viewer).0.id
            }
            let (message, _) = try await self.sendDirectMessage(thread: thread, sender: viewer, text: input.text, postID: postID,
                                                                clientID: input.clientId)
            // A retry answers exactly like the first send: same message, same status.
            return try JSONBody.response(MessageView(message), status: .created)
        }

        r.post("/api/v1/posts/:post_id/share") { request, context in
            let viewer = try await self.viewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            let input = try await JSONBody.decode(ShareInput.self, from: request)
            let recipients = Array(Set(try parseIDs(input.toUserIds, field: "to_user_ids"))).sorted()
            guard !recipients.isEmpty, recipients.count <= Self.maxThreadParticipants else {
                throw MosaicError.unprocessable("invalid_recipients", "Share with 1-\(Self.maxThreadParticipants) people.")
            }
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            var threads: [ThreadID] = []
            for to in recipients {
                let (thread, _) = try await self.directThread(viewer: viewer, with: [to])
                _ = try await self.sendDirectMessage(thread: thread, sender: viewer, text: nil, postID: post.id,
                                                     clientID: "share:\(post.id):\(self.ids.next(shard: viewer.shard))")
                threads.append(thread.id)
            }
            try await self.store.recordShare(user: viewer, post: post.id, at: self.clock.now())
            await self.hooks.didShare(user: viewer, post: post, to: recipients)
            return try JSONBody.response(ShareView(threadIds: threads))
        }
    }
}
