import Foundation
import Logging
import Testing
import MosaicCore
import MosaicExplore
import MosaicStore
@testable import MosaicAPI

/// Explore's catalogue counts impressions and hides from the event stream (the rankers' rate features divide by
/// them), keeps likes and saves to the store's rows, and starts a restart with exactly the counts it had.
@Suite struct CatalogCountersAPITests {
    static func open(_ dir: String, clock: ManualClock) async throws -> (MosaicRuntime, TestServer) {
        let config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dir, relaxedLimits: true, passwordCostLog2: 10)
        var logger = Logger(label: "mosaic-test")
        logger.logLevel = .critical
        let runtime = try await MosaicRuntime.open(config: config, logger: logger, clock: clock)
        return (runtime, await TestServer.serving(runtime.services, clock: clock, directory: dir))
    }

    static func events(_ post: String, _ types: [String]) -> [String: Any] {
        ["events": types.map { ["post_id": post, "type": $0, "surface": "explore"] }]
    }

    @Test func impressionsAndHidesReachTheCatalogAndSurviveARestartExactlyOnce() async throws {
        let dir = NSTemporaryDirectory() + "mosaic-catalog-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = ManualClock(Date())
        var (runtime, s) = try await Self.open(dir, clock: clock)
        let author = try await s.signUp("author"), viewer = try await s.signUp("viewer")
        let postID = try await s.post(by: author, caption: "ramen #food")
        let post = try #require(MosaicID(postID))

        // Three impressions, a hide, a view and a client-side like event; then a like and a save through the
        // API, and the save taken back.
        let r = try await viewer.client.post("/api/v1/events", Self.events(postID, ["impression", "impression", "view", "impression", "hide", "like"]))
        #expect(r.status == 202)
        #expect(try await viewer.client.post("/api/v1/posts/\(postID)/like").status == 200)
        #expect(try await viewer.client.post("/api/v1/posts/\(postID)/save").status == 200)
        #expect(try await viewer.client.delete("/api/v1/posts/\(postID)/save").status == 200)
        try await runtime.catchUpRealtime()
        var entry = try #require(runtime.services.catalog.entry(post))
        #expect(entry.impressions == 3 && entry.hides == 1)
        // A like counts once (the store's row), not again for its event or the client's like event.
        #expect(entry.likes == 1 && entry.saves == 0)
        let stored = try #require(try await runtime.store.post(id: post))
        #expect(stored.impressionCount == 3 && stored.hideCount == 1 && stored.likeCount == 1 && stored.saveCount == 0)

        // A restart whose consumer checkpoint is lost (a crash after the counts were stored but before the
        // consumer committed): the counts come back from the store and the log is not counted again.
        try await s.stop()
        try FileManager.default.removeItem(atPath: dir + "/events/consumers/catalog.ckpt")
        (runtime, s) = try await Self.open(dir, clock: clock)
        entry = try #require(runtime.services.catalog.entry(post))
        #expect(entry.impressions == 3 && entry.hides == 1 && entry.likes == 1)
        try await runtime.catchUpRealtime()
        entry = try #require(runtime.services.catalog.entry(post))
        #expect(entry.impressions == 3 && entry.hides == 1)

        // Later events add to the restored counts, once (the session survived the restart; the port did not).
        #expect(try await s.client.with(token: viewer.client.token).post("/api/v1/events", Self.events(postID, ["impression", "impression", "hide"])).status == 202)
        try await runtime.catchUpRealtime()
        try await runtime.catchUpRealtime()
        entry = try #require(runtime.services.catalog.entry(post))
        #expect(entry.impressions == 5 && entry.hides == 2)
        try await s.stop()

        // And a plain restart (checkpoint kept) starts with them too.
        (runtime, s) = try await Self.open(dir, clock: clock)
        try await runtime.catchUpRealtime()
        entry = try #require(runtime.services.catalog.entry(post))
        #expect(entry.impressions == 5 && entry.hides == 2 && entry.likes == 1)
        try await s.stop()
    }
}
