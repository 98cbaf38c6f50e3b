import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Kill -9 the real server in the middle of a fan-out; after a restart every follower has the post
/// exactly once.
@Suite(.serialized) struct FeedCrashTests {
    @Test func fanOutSurvivesKillNineMidWay() async throws {
        let data = NSTemporaryDirectory() + "mosaic-feedcrash-\(UUID().uuidString)"
        // Five followers per batch with a pause between batches: the fan-out takes about two seconds.
        let slow = ["MOSAIC_FANOUT_BATCH": "5", "MOSAIC_FANOUT_PAUSE_MS": "250"]
        var server = try MosaicProcess(["serve", "--data", data, "--port", "0"], environment: slow)
        let client = APIClient(baseURL: server.baseURL)
        func signUp(_ name: String) async throws -> (id: String, client: APIClient) {
            let r = try await client.post("/api/v1/accounts", ["username": name, "password": "correct horse battery"])
            guard r.status == 201, let id = r.string("user_id"), let token = r.string("token") else { throw TestFailure("sign-up \(r.status)") }
            return (id, client.with(token: token))
        }
        let author = try await signUp("author")
        var followers: [(id: String, client: APIClient)] = []
        for i in 0..<40 {
            let f = try await signUp("follower\(i)")
            #expect(try await f.client.post("/api/v1/users/\(author.id)/follow").status == 200)
            followers.append(f)
        }
        // The same database, opened beside the server (WAL allows a second process): media for the post,
        // and a window onto fan-out progress.
        let side = try SQLiteStore(directory: data, synchronousFull: false)
        let owner = MosaicID(author.id)!
        let now = Date()
        let media = MediaRecord(id: IDGenerator().next(shard: owner.shard), ownerID: owner, width: 10, height: 10,
                                variants: ["1080"], placeholder: "", createdAt: now, expiresAt: now.addingTimeInterval(3_600))
        try await side.createMedia(media)
        let created = try await author.client.post("/api/v1/posts", ["media_ids": [media.id.description], "caption": "mid-flight"])
        #expect(created.status == 201)
        let post = try #require(created.string("post_id").flatMap(MosaicID.init))
        let readers = followers.map { MosaicID($0.id)! }
        func delivered() async throws -> Int {
            var n = 0
            for r in readers where try await side.timeline(user: r, limit: 50).contains(where: { $0.postID == post }) { n += 1 }
            return n
        }
        var seen = 0
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            seen = try await delivered()
            if seen > 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        server.kill9()
        let atCrash = try await delivered()
        #expect(seen > 0 && atCrash < readers.count, "killed in the middle of the fan-out (\(atCrash) of \(readers.count))")
        #expect(try await side.pendingFanOuts(limit: 5).map(\.postID) == [post], "the job is still queued")

        server = try MosaicProcess(["serve", "--data", data, "--port", "0"])
        defer { server.stop() }
        let restarted = Date().addingTimeInterval(20)
        while try await side.pendingFanOuts(limit: 5).count > 0 && Date() < restarted {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await side.pendingFanOuts(limit: 5).isEmpty, "the restarted worker finished the job")
        #expect(try await delivered() == readers.count)
        let after = APIClient(baseURL: server.baseURL)
        for (r, f) in zip(readers, followers) {
            let rows = try await side.timeline(user: r, limit: 50).filter { $0.postID == post }
            #expect(rows.count == 1)
            let feed = try await after.with(token: f.client.token).get("/api/v1/feed?order=chronological")
            let shown = feed.list("posts").compactMap { $0["post_id"] as? String }.filter { $0 == post.description }
            #expect(shown.count == 1, "follower \(f.id) sees the post exactly once")
        }
    }
}
