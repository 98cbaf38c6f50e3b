import Foundation
import Testing
import Logging
import MosaicCore
import MosaicRealtime
@testable import MosaicAPI

@Suite struct RealtimeAPITests {
    /// Reads frames until a `message` event arrives, remembering its event ID.
    private func nextMessage(_ ws: WebSocketTestClient, lastID: inout String?) async throws -> String {
        while true {
            let frame = try await ws.nextJSON()
            guard frame["type"] as? String == "message" else { continue }
            lastID = frame["id"] as? String
            return ((frame["data"] as? [String: Any])?["text"] as? String) ?? ""
        }
    }

    @Test func twoClientsExchangeMessagesAcrossAServerRestartExactlyOnceInOrder() async throws {
        var server = try await TestServer.start(push: true)
        let dir = server.directory
        let ann = try await server.signUp("ann"), bob = try await server.signUp("bob")
        let annToken = try #require(ann.client.token), bobToken = try #require(bob.client.token)
        let thread = try #require(try await ann.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]]).string("thread_id"))

        var annWS = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=\(annToken)")
        var bobWS = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=\(bobToken)")
        // Subscribed before the first send (a fresh connection only gets what comes after `ready`).
        #expect(try await annWS.awaitReady().isEmpty)
        #expect(try await bobWS.awaitReady().isEmpty)
        var annLast: String?, bobLast: String?
        var annSaw: [String] = [], bobSaw: [String] = []
        var sent: [String] = []

        func send(_ from: TestUser, _ text: String, via s: TestServer) async throws {
            let r = try await APIClient(baseURL: s.baseURL, token: from.client.token)
                .post("/api/v1/direct/threads/\(thread)/messages", ["text": text, "client_id": text])
            #expect(r.status == 201)
            sent.append(text)
        }

        // Before the restart: both see every message (the sender's own devices included).
        for i in 0..<3 {
            try await send(i % 2 == 0 ? ann : bob, "m\(i)", via: server)
            annSaw.append(try await nextMessage(annWS, lastID: &annLast))
            bobSaw.append(try await nextMessage(bobWS, lastID: &bobLast))
        }
        // Bob falls behind: one message he has not read off the socket when the server goes down.
        try await send(ann, "m3", via: server)
        annSaw.append(try await nextMessage(annWS, lastID: &annLast))

        try await server.stop()
        server = try await TestServer.start(directory: dir, push: true)
        // Sent while both clients are disconnected.
        try await send(bob, "m4", via: server)
        try await send(ann, "m5", via: server)

        annWS = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=\(annToken)&last_event_id=\(annLast ?? "0")")
        bobWS = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=\(bobToken)&last_event_id=\(bobLast ?? "0")")
        for _ in 0..<2 { annSaw.append(try await nextMessage(annWS, lastID: &annLast)) }
        for _ in 0..<3 { bobSaw.append(try await nextMessage(bobWS, lastID: &bobLast)) }
        // And live again after the replay.
        try await send(bob, "m6", via: server)
        annSaw.append(try await nextMessage(annWS, lastID: &annLast))
        bobSaw.append(try await nextMessage(bobWS, lastID: &bobLast))

        #expect(annSaw == sent)
        #expect(bobSaw == sent)
        // Typing indicators reach the other participant, carry no event ID (never replayed), and are not
        // echoed to the typist: Bob's next frames up to Ann's following message hold no typing.
        try await bobWS.send(text: #"{"type":"typing","thread_id":"\#(thread)"}"#)
        let typing = try await annWS.next("typing")
        #expect(typing["id"] == nil)
        #expect((typing["data"] as? [String: Any])?["user_id"] as? String == bob.id)
        #expect((typing["data"] as? [String: Any])?["thread_id"] as? String == thread)
        try await send(ann, "m7", via: server)
        var bobFrames: [String] = []
        repeat { bobFrames.append(try await bobWS.nextJSON()["type"] as? String ?? "") } while bobFrames.last != "message"
        #expect(!bobFrames.contains("typing"))
        try await server.stop()
    }

    @Test func notificationsMessagesTypingAndHeartbeatsReachEveryConnection() async throws {
        let server = try await TestServer.start(push: true)
        let ann = try await server.signUp("ann"), bob = try await server.signUp("bob")
        let thread = try #require(try await ann.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]]).string("thread_id"))
        let post = try await server.post(by: bob)
        func open(_ u: TestUser) async throws -> WebSocketTestClient {
            let ws = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=\(u.client.token ?? "")")
            try await ws.awaitReady()
            return ws
        }
        // Bob on two devices.
        let bob1 = try await open(bob), bob2 = try await open(bob), annWS = try await open(ann)

        // A like is pushed live, as a notification, to each of Bob's connections.
        #expect(try await ann.client.post("/api/v1/posts/\(post)/like").status == 200)
        for ws in [bob1, bob2] {
            let n = try await ws.next("notification")
            let data = n["data"] as? [String: Any]
            #expect(n["id"] as? String != nil)
            #expect(data?["type"] as? String == "like" && data?["post_id"] as? String == post)
            #expect(data?["actor_ids"] as? [String] == [ann.id])
        }
        // A message reaches every connection of every participant, the sender's own included.
        let sent = try await ann.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hello", "client_id": "h"])
        #expect(sent.status == 201)
        for ws in [bob1, bob2, annWS] {
            let m = try await ws.next("message")
            #expect((m["data"] as? [String: Any])?["message_id"] as? String == sent.string("message_id"))
            #expect((m["data"] as? [String: Any])?["text"] as? String == "hello")
        }

        // Heartbeats go to connections quiet for 25 s (on the server's clock, driven by the test).
        let hub = try #require(server.services.push.hub)
        #expect(await hub.heartbeat() == (0, 0))
        server.clock.advance(by: 26)
        #expect(await hub.heartbeat() == (3, 0))
        for ws in [bob1, bob2, annWS] { _ = try await ws.next("heartbeat") }
        // Ann types: both of Bob's connections see it; it also counts as Ann's activity.
        try await annWS.send(text: #"{"type":"typing","thread_id":"\#(thread)"}"#)
        for ws in [bob1, bob2] {
            let t = try await ws.next("typing")
            #expect((t["data"] as? [String: Any])?["user_id"] as? String == ann.id && t["id"] == nil)
        }
        // Typing into a thread one is not in goes nowhere (and isn't an error).
        let eve = try await server.signUp("eve")
        let eveWS = try await open(eve)
        try await eveWS.send(text: #"{"type":"typing","thread_id":"\#(thread)"}"#)
        // 75 s without a word from Bob's clients: the hub closes them; Ann and Eve, active 50 s ago, get heartbeats.
        server.clock.advance(by: 50)
        #expect(await hub.heartbeat() == (2, 2))
        // Ann's stream holds nothing else before it (Eve's typing reached no one).
        #expect(try await annWS.nextJSON()["type"] as? String == "heartbeat")
        _ = try await eveWS.next("heartbeat")
        for ws in [bob1, bob2] {
            await #expect(throws: TestFailure.self) { _ = try await ws.next("typing") }
        }
        #expect(await hub.connectionCount(for: try #require(MosaicID(bob.id))) == 0)
        try await server.stop()
    }

    @Test func aClientResumesFromTheReadyFrameWithoutHavingSeenAnEvent() async throws {
        let server = try await TestServer.start(push: true)
        let ann = try await server.signUp("ann"), bob = try await server.signUp("bob")
        let thread = try #require(try await ann.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]]).string("thread_id"))
        _ = try await ann.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "before", "client_id": "0"])
        let path = "/api/v1/realtime?token=\(bob.client.token ?? "")"
        var bobWS = try await WebSocketTestClient.connect(port: server.port, path: path)
        #expect(try await bobWS.awaitReady().isEmpty)   // no last_event_id: nothing replayed
        let resume = try #require(bobWS.readyEventID)
        bobWS.disconnect()
        for i in 1...3 {
            #expect(try await ann.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "away \(i)", "client_id": "\(i)"]).status == 201)
        }
        bobWS = try await WebSocketTestClient.connect(port: server.port, path: path + "&last_event_id=\(resume)")
        let replay = try await bobWS.awaitReady()
        #expect(replay.filter { $0["type"] as? String == "message" }.compactMap { ($0["data"] as? [String: Any])?["text"] as? String }
                == ["away 1", "away 2", "away 3"])
        let ids = replay.compactMap { ($0["id"] as? String).flatMap(UInt64.init) }
        #expect(ids.count == replay.count && ids == ids.sorted() && ids.first! > UInt64(resume)!)
        // Resuming from the newest ID replays nothing; a malformed one is treated as none.
        let latest = try #require(bobWS.readyEventID)
        #expect(try await WebSocketTestClient.connect(port: server.port, path: path + "&last_event_id=\(latest)").awaitReady().isEmpty)
        #expect(try await WebSocketTestClient.connect(port: server.port, path: path + "&last_event_id=x").awaitReady().isEmpty)
        try await server.stop()
    }

    @Test func aSlowConsumerIsCutOffNotBufferedAndLosesNothing() async throws {
        let server = try await TestServer.start()
        var config = PushHub.Configuration()
        config.bufferPerConnection = 8
        config.durability = .kernelBuffered
        var quiet = Logger(label: "push-test")
        quiet.logLevel = .critical
        let hub = try PushHub(directory: server.directory + "/push", configuration: config, clock: server.clock, logger: quiet)
        server.services.push.install(hub)
        let bob = try await server.signUp("bob")
        let bobID = try #require(MosaicID(bob.id))
        let path = "/api/v1/realtime?token=\(bob.client.token ?? "")"
        let ws = try await WebSocketTestClient.connect(port: server.port, path: path, receiveBuffer: 4096)
        try await ws.awaitReady()
        // Bob's client stops reading while 64 KB events keep coming.
        let payload = Array(#"{"pad":"\#(String(repeating: "x", count: 64 * 1024))"}"#.utf8)
        var published: [UInt64] = []
        while await hub.connectionCount(for: bobID) > 0, published.count < 500 {
            published.append(try #require(try await hub.publish(.notification, payload: payload, to: [bobID])[bobID]))
        }
        // The hub cut the connection off at a bounded backlog instead of queueing every event for it.
        #expect(await hub.connectionCount(for: bobID) == 0)
        #expect(published.count < 500)
        // What reached the socket before the cut is read; the client resumes and gets the rest, once each, in order.
        var received: [UInt64] = []
        while let frame = try? await ws.next("notification") {
            received.append(try #require((frame["id"] as? String).flatMap(UInt64.init)))
        }
        let again = try await WebSocketTestClient.connect(port: server.port, path: path + "&last_event_id=\(received.last ?? 0)")
        received += try await again.awaitReady().compactMap { ($0["id"] as? String).flatMap(UInt64.init) }
        #expect(received == published)
        try await server.stop()
    }

    @Test func aClientTooFarBehindIsToldToResynchronise() async throws {
        let server = try await TestServer.start()
        var config = PushHub.Configuration()
        config.replayPerUser = 2
        server.services.push.install(try PushHub(directory: server.directory + "/push", configuration: config, clock: server.clock))
        let ann = try await server.signUp("ann"), bob = try await server.signUp("bob")
        let thread = try #require(try await ann.client.post("/api/v1/direct/threads", ["participant_ids": [bob.id]]).string("thread_id"))
        let path = "/api/v1/realtime?token=\(bob.client.token ?? "")"
        let first = try await WebSocketTestClient.connect(port: server.port, path: path)
        try await first.awaitReady()
        let start = try #require(first.readyEventID)
        first.disconnect()
        for i in 0..<4 {   // each is a message and a notification for Bob: more than the hub keeps for him
            #expect(try await ann.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "m\(i)", "client_id": "\(i)"]).status == 201)
        }
        let behind = try await WebSocketTestClient.connect(port: server.port, path: path + "&last_event_id=\(start)")
        let replay = try await behind.awaitReady()
        #expect(replay.first?["type"] as? String == "gap")
        // What is still kept follows, newest last; the client refetches the rest over REST.
        let kept = replay.dropFirst().compactMap { ($0["id"] as? String).flatMap(UInt64.init) }
        #expect(!kept.isEmpty && kept == kept.sorted())
        #expect((replay.last?["data"] as? [String: Any])?["thread_id"] as? String == thread)
        try await server.stop()
    }

    @Test func upgradeNeedsAValidToken() async throws {
        let server = try await TestServer.start(push: true)
        await #expect(throws: TestFailure.self) {
            _ = try await WebSocketTestClient.connect(port: server.port, path: "/api/v1/realtime?token=nope")
        }
        #expect(try await server.client.get("/api/v1/realtime").status == 426)
        try await server.stop()
    }
}
