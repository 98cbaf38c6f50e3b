import Foundation
import Testing
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
        // Typing indicators reach the other participant only, and are not replayed.
        try await bobWS.send(text: #"{"type":"typing","thread_id":"\#(thread)"}"#)
        var typing: [String: Any] = [:]
        repeat { typing = try await annWS.nextJSON() } while typing["type"] as? String == "heartbeat"
        #expect(typing["type"] as? String == "typing" && typing["id"] == nil)
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
