import Foundation
import Logging
import Testing
import MosaicCore
import MosaicExplore
import MosaicML
import MosaicStore
@testable import MosaicAPI

/// Start-up with a trained two-tower model: the catalog and the retrieval index come from one read of the posts;
/// the first start embeds and indexes every post and saves the index, a restart reuses the saved index and
/// embeds only the posts it lacks, and posts published after start are indexed as they arrive.
@Suite struct RetrievalIndexStartupTests {
    static func open(_ dir: String, clock: ManualClock) async throws -> MosaicRuntime {
        let config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dir, relaxedLimits: true, passwordCostLog2: 10)
        var logger = Logger(label: "mosaic-test")
        logger.logLevel = .critical
        return try await MosaicRuntime.open(config: config, logger: logger, clock: clock)
    }

    static func post(_ i: Int, by author: User, at time: Date) -> Post {
        let food = i % 2 == 0
        return Post(id: MosaicID(millisSinceEpoch: UInt64(time.timeIntervalSince1970 * 1000) - MosaicID.epochMillis,
                                 shard: author.id.shard, sequence: UInt64(i % 1000)),
                    authorID: author.id, caption: food ? "pasta dinner #food" : "mountain trip #travel",
                    hashtags: [food ? "food" : "travel"], mentions: [], location: nil, taggedUserIDs: [], media: [],
                    category: food ? "food" : "travel", createdAt: time)
    }

    @Test func theIndexIsBuiltOnceSavedReusedAndKeptCurrent() async throws {
        let dir = NSTemporaryDirectory() + "mosaic-index-startup-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Date()
        let clock = ManualClock(now)
        let store = try SQLiteStore(directory: dir, synchronousFull: false)
        let users = (0..<12).map { i in
            User(id: MosaicID(millisSinceEpoch: 1_000 + UInt64(i), shard: i % 8, sequence: 0), username: "user\(i)",
                 followerCount: 10, createdAt: now.addingTimeInterval(-60 * 86_400), lastActiveAt: now)
        }
        try await store.importUsers(users, passwordHash: "x")
        let posts = (0..<40).map { Self.post($0, by: users[10 + $0 % 2], at: now.addingTimeInterval(-Double(5 * 86_400 - $0 * 3_600))) }
        try await store.importPosts(posts)
        var likes: [(user: UserID, post: PostID, at: Date)] = []
        for u in 0..<10 { for p in posts.indices where p % 2 == u % 2 && p % 3 != 0 {
            likes.append((users[u].id, posts[p].id, posts[p].createdAt.addingTimeInterval(600 + Double(u))))
        } }
        try await store.importLikes(likes)
        var c = TwoTowerConfiguration()
        c.outputDimension = 16; c.hiddenDimension = 32; c.historyDimension = 16; c.tokenDimension = 8
        c.tokenBuckets = 256; c.creatorBuckets = 64; c.userTokenBuckets = 64; c.epochs = 2; c.batchSize = 32
        _ = try await ExploreModelFiles.trainTwoTower(store: store, data: dir, now: now, configuration: c)

        // First start: every post embedded and indexed, and the index saved.
        var runtime = try await Self.open(dir, clock: clock)
        var retrieval = try #require(runtime.retrieval)
        #expect(runtime.services.catalog.count == 40 && retrieval.index.count == 40)
        let snapshot = TwoTowerRetrieval.snapshotDirectory(data: dir) + "/shard-0.hnsw"
        let saved = try #require(try FileManager.default.attributesOfItem(atPath: snapshot)[.modificationDate] as? Date)
        try await runtime.services.push.hub?.shutdown()

        // Restart with one post the saved index lacks: the index comes from the file plus that post, saved again.
        let late = Self.post(40, by: users[10], at: now.addingTimeInterval(-60))
        try await store.importPosts([late])
        try await Task.sleep(for: .milliseconds(20))   // a later modification time for a re-saved file
        runtime = try await Self.open(dir, clock: clock)
        retrieval = try #require(runtime.retrieval)
        #expect(retrieval.index.count == 41 && retrieval.index.contains(id: late.id.rawValue))
        #expect(Set(posts.map(\.id.rawValue)).allSatisfy { retrieval.index.contains(id: $0) })
        let resaved = try #require(try FileManager.default.attributesOfItem(atPath: snapshot)[.modificationDate] as? Date)
        #expect(resaved > saved)
        try await runtime.services.push.hub?.shutdown()

        // Restart with nothing new: the saved index is used as it is (not rebuilt, so not saved again).
        try await Task.sleep(for: .milliseconds(20))
        runtime = try await Self.open(dir, clock: clock)
        retrieval = try #require(runtime.retrieval)
        #expect(retrieval.index.count == 41)
        #expect(try FileManager.default.attributesOfItem(atPath: snapshot)[.modificationDate] as? Date == resaved)
        // The index holds every post's policy facts as node attributes (the ANN filter reads them there).
        let catalog = runtime.services.catalog
        func mirrored(_ id: PostID) -> Bool {
            catalog.entry(id).map { retrieval.index.attributes(for: id.rawValue) == PolicyFacts($0).attributes } ?? false
        }
        #expect((posts + [late]).allSatisfy { mirrored($0.id) })

        // Posts published while serving are indexed before their 201.
        let s = await TestServer.serving(runtime.services, clock: clock, directory: dir)
        let author = try await s.signUp("author")
        let publishedID = try await s.post(by: author, caption: "ramen #food")
        let published = try #require(MosaicID(publishedID))
        #expect(retrieval.index.contains(id: published.rawValue))
        #expect(mirrored(published))
        // Deleting it through the API takes it out of the index.
        #expect(try await author.client.delete("/api/v1/posts/\(publishedID)").status == 204)
        #expect(catalog.entry(published)?.deleted == true && retrieval.index.attributes(for: published.rawValue) == nil)
        try await s.stop()
    }
}
