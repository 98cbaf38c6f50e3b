import Foundation
import Testing
@testable import MosaicAPI

@Suite struct DirectMessageAPITests {
    @Test func threadsMessagesRetriesAndInbox() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob"), eve = try await s.signUp("eve")

        let created = try await alice.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]])
        #expect(created.status == 201)
        let thread = try #require(created.string("thread_id"))
        #expect(Set(created.list("participants").compactMap { $0["user_id"] as? String }) == [alice.id, bob.id])
        // The same people: the same thread, 200.
        let again = try await bob.client.post("/api/v1/direct/threads", ["participant_ids": [alice.id]])
        #expect(again.status == 200 && again.string("thread_id") == thread)

        let m1 = try await alice.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hi bob", "client_id": "c1"])
        #expect(m1.status == 201 && m1.string("status") == "sent")
        // An offline client retrying the same send gets the same message back, and nothing is duplicated.
        let retry = try await alice.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hi bob", "client_id": "c1"])
        #expect(retry.status == 201 && retry.string("message_id") == m1.string("message_id"))
        s.clock.advance(by: 1)
        let m2 = try await bob.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hey alice", "client_id": "c1"])
        #expect(m2.status == 201 && m2.string("message_id") != m1.string("message_id"))
        for i in 0..<3 {
            _ = try await alice.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "n\(i)", "client_id": "n\(i)"])
        }

        // Bob's inbox: one thread, three unread (his own message doesn't count).
        let inbox = try await bob.client.get("/api/v1/direct/inbox")
        #expect(inbox.list("threads").count == 1)
        #expect(inbox.list("threads").first?["unread_count"] as? Int == 3)
        #expect(inbox.list("threads").first?["last_message_preview"] as? String == "n2")

        // Newest first, paged by ID without duplicates; reading the newest page clears unread and moves the receipt.
        let p1 = try await bob.client.get("/api/v1/direct/threads/\(thread)/messages?limit=3")
        #expect(p1.list("messages").compactMap { $0["text"] as? String } == ["n2", "n1", "n0"])
        let cursor = try #require(p1.string("next_cursor"))
        let p2 = try await bob.client.get("/api/v1/direct/threads/\(thread)/messages?limit=3&cursor=\(cursor)")
        #expect(p2.list("messages").compactMap { $0["text"] as? String } == ["hey alice", "hi bob"])
        #expect(p2["has_more"] as? Bool == false)
        let ids = (p1.list("messages") + p2.list("messages")).compactMap { ($0["message_id"] as? String).flatMap(UInt64.init) }
        #expect(ids == ids.sorted(by: >))
        #expect(try await bob.client.get("/api/v1/direct/inbox").list("threads").first?["unread_count"] as? Int == 0)
        let receipts = p2.list("read_receipts")
        let bobRead = receipts.first { $0["user_id"] as? String == bob.id }?["last_read_message_id"] as? String
        #expect(bobRead == p1.list("messages").first?["message_id"] as? String)

        // Non-participants: 403 both ways.
        #expect(try await eve.client.get("/api/v1/direct/threads/\(thread)/messages").status == 403)
        #expect(try await eve.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "x", "client_id": "e"]).status == 403)
        #expect(try await eve.client.get("/api/v1/direct/inbox").list("threads").isEmpty)
        // Bad input.
        #expect(try await alice.client.post("/api/v1/direct/threads/\(thread)/messages", ["client_id": "empty"]).status == 422)
        #expect(try await alice.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "x", "client_id": "z", "extra": 1]).status == 400)
    }

    @Test func inboxOrderGroupsAndLimits() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("ann"), b = try await s.signUp("ben"), c = try await s.signUp("cat")
        let t1 = try #require(try await a.client.post("/api/v1/direct/threads", ["participant_ids": [b.id]]).string("thread_id"))
        let group = try await a.client.post("/api/v1/direct/threads", ["participant_ids": [b.id, c.id]])
        let t2 = try #require(group.string("thread_id"))
        #expect(group.status == 201 && t1 != t2 && group.list("participants").count == 3)
        _ = try await a.client.post("/api/v1/direct/threads/\(t1)/messages", ["text": "one", "client_id": "1"])
        s.clock.advance(by: 1)
        _ = try await c.client.post("/api/v1/direct/threads/\(t2)/messages", ["text": "two", "client_id": "1"])
        #expect(try await b.client.get("/api/v1/direct/inbox").list("threads").compactMap { $0["thread_id"] as? String } == [t2, t1])
        s.clock.advance(by: 1)
        _ = try await a.client.post("/api/v1/direct/threads/\(t1)/messages", ["text": "three", "client_id": "2"])
        #expect(try await b.client.get("/api/v1/direct/inbox").list("threads").compactMap { $0["thread_id"] as? String } == [t1, t2])

        // At most 32 people in a thread.
        var many: [String] = []
        for i in 0..<32 { many.append(try await s.signUp("user\(i)").id) }
        let tooMany = try await a.client.post("/api/v1/direct/threads", ["participant_ids": many])
        #expect(tooMany.status == 422 && tooMany.errorCode == "too_many_participants")
        #expect(try await a.client.post("/api/v1/direct/threads", ["participant_ids": Array(many.prefix(31))]).status == 201)
        #expect(try await a.client.post("/api/v1/direct/threads", ["participant_ids": ["123456789"]]).status == 404)
    }

    /// A 201 means durable: `kill -9` right after the last acknowledged send loses no message, no push event,
    /// and a client retrying its last send after the crash gets the same message back.
    @Test func acknowledgedMessagesSurviveKillNine() async throws {
        let data = NSTemporaryDirectory() + "mosaic-dm-crash-\(UUID().uuidString)"
        var server = try MosaicProcess(["serve", "--data", data, "--port", "0"])
        var client = APIClient(baseURL: server.baseURL)
        func signUp(_ name: String) async throws -> (id: String, client: APIClient) {
            let r = try await client.post("/api/v1/accounts", ["username": name, "password": "ZQ9#XV2!WP7$LM4&"])
            let id = try #require(r.string("user_id")), token = try #require(r.string("token"))
            return (id, client.with(token: token))
        }
        let ann = try await signUp("ann"), bob = try await signUp("bob")
        let thread = try #require(try await ann.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]]).string("thread_id"))
        var acknowledged: [String] = []
        for i in 0..<6 {
            let r = try await ann.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "m\(i)", "client_id": "c\(i)"])
            #expect(r.status == 201)
            acknowledged.append(try #require(r.string("message_id")))
        }
        server.kill9()

        server = try MosaicProcess(["serve", "--data", data, "--port", "0"])
        defer { server.stop() }
        client = APIClient(baseURL: server.baseURL)
        let bobAfter = client.with(token: bob.client.token), annAfter = client.with(token: ann.client.token)
        let list = try await bobAfter.get("/api/v1/direct/threads/\(thread)/messages")
        #expect(list.list("messages").compactMap { $0["message_id"] as? String } == acknowledged.reversed())
        let retry = try await annAfter.post("/api/v1/direct/threads/\(thread)/messages", ["text": "m5", "client_id": "c5"])
        #expect(retry.status == 201 && retry.string("message_id") == acknowledged.last)
        // Every push event was durable before its 201 too: Bob, offline all along, gets all six in order.
        let port = Int(server.baseURL.split(separator: ":").last!)!
        let ws = try await WebSocketTestClient.connect(port: port, path: "/api/v1/realtime?token=\(bob.client.token ?? "")&last_event_id=0")
        let replay = try await ws.awaitReady().filter { $0["type"] as? String == "message" }
        #expect(replay.compactMap { ($0["data"] as? [String: Any])?["message_id"] as? String } == acknowledged)
    }

    @Test func blockedUsersCannotMessage() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("amy"), b = try await s.signUp("bo")
        let thread = try #require(try await a.client.post("/api/v1/direct/threads", ["participant_ids": [b.id]]).string("thread_id"))
        #expect(try await b.client.post("/api/v1/users/\(a.id)/block").status == 204)
        let sent = try await a.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hello?", "client_id": "x"])
        #expect(sent.status == 403 && sent.errorCode == "blocked")
        #expect(try await b.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "no", "client_id": "y"]).status == 403)
        #expect(try await a.client.post("/api/v1/direct/threads", ["participant_ids": [b.id]]).status == 403)
    }

    @Test func sharingAPostSendsItAsAMessage() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("ada"), b = try await s.signUp("bea"), c = try await s.signUp("cy")
        let post = try await s.post(by: c)
        let shared = try await a.client.post("/api/v1/posts/\(post)/share", ["to_user_ids": [b.id]])
        #expect(shared.status == 200)
        let threads = shared["thread_ids"] as? [String] ?? []
        #expect(threads.count == 1)
        let messages = try await b.client.get("/api/v1/direct/threads/\(threads[0])/messages")
        #expect(messages.list("messages").first?["post_id"] as? String == post)
        #expect(messages.list("messages").first?["sender_id"] as? String == a.id)
        // Sharing into the same conversation reuses its thread.
        let direct = try await a.client.post("/api/v1/direct/threads", ["participant_ids": [b.id]])
        #expect(direct.status == 200 && direct.string("thread_id") == threads[0])
        #expect(try await a.client.post("/api/v1/posts/\(post)/share", ["to_user_ids": [String]()]).status == 422)
        // A private post the sharer can't see can't be shared.
        _ = try await c.client.patch("/api/v1/me", ["is_private": true])
        #expect(try await a.client.post("/api/v1/posts/\(post)/share", ["to_user_ids": [b.id]]).status == 404)
    }
}
