import Foundation
import Testing
import MosaicCore
import MosaicML
import MosaicStore
import MosaicVectors
@testable import MosaicExplore

/// The learned retrieval path end to end on a real store: engagement → corpus → two-tower training → model
/// file → HNSW over item vectors → a viewer's vector from their history → filtered nearest neighbours.
@Suite struct TwoTowerRetrievalTests {
    struct Community {
        let store: SQLiteStore
        let directory: String
        let now: Date
        let users: [User]
        let posts: [Post]
        /// food lovers are users 0..<20, travel lovers 20..<40.
        func lovesFood(_ u: Int) -> Bool { u < 20 }
    }

    static func community() async throws -> Community {
        let dir = NSTemporaryDirectory() + "mosaic-retrieval-\(UUID().uuidString)"
        let store = try SQLiteStore(directory: dir, synchronousFull: false)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var rng = SplitMix64(seed: 11)
        let users = (0..<44).map { i in
            User(id: MosaicID(millisSinceEpoch: 1_000 + UInt64(i), shard: i % 8, sequence: 0), username: "user\(i)",
                 followerCount: i >= 40 ? 500 : 10, region: i % 2 == 0 ? "eu" : "us",
                 createdAt: now.addingTimeInterval(-90 * 86_400), lastActiveAt: now)
        }
        try await store.importUsers(users, passwordHash: "x")
        // Creators 40, 41 post food; 42, 43 post travel.
        var posts: [Post] = []
        for i in 0..<60 {
            let food = i % 2 == 0
            let author = users[40 + (food ? 0 : 2) + (i / 2) % 2]
            let tag = food ? "food" : "travel"
            let words = food ? "pasta dinner recipe" : "mountain beach trip"
            posts.append(Post(id: MosaicID(millisSinceEpoch: 10_000 + UInt64(i), shard: author.id.shard, sequence: 0),
                              authorID: author.id, caption: "\(words) #\(tag)", hashtags: [tag], mentions: [], location: nil,
                              taggedUserIDs: [], media: [], category: tag,
                              createdAt: now.addingTimeInterval(-Double(10 * 86_400 - i * 3_600))))
        }
        try await store.importPosts(posts)
        var likes: [(user: UserID, post: PostID, at: Date)] = []
        for u in 0..<40 {
            let mine = posts.enumerated().filter { ($0.offset % 2 == 0) == (u < 20) }.map(\.element)
            var picked = Set<Int>()
            while picked.count < 10 { picked.insert(Int(rng.next() % UInt64(mine.count))) }
            for (k, p) in picked.sorted().enumerated() {
                likes.append((users[u].id, mine[p].id, now.addingTimeInterval(-Double(5 * 86_400 - k * 600 - u))))
            }
        }
        try await store.importLikes(likes)
        return Community(store: store, directory: dir, now: now, users: users, posts: posts)
    }

    static func configuration() -> TwoTowerConfiguration {
        var c = TwoTowerConfiguration()
        c.outputDimension = 16; c.hiddenDimension = 32; c.historyDimension = 16; c.tokenDimension = 8
        c.tokenBuckets = 256; c.creatorBuckets = 64; c.userTokenBuckets = 64; c.epochs = 30; c.batchSize = 32
        c.learningRate = 5e-3
        return c
    }

    @Test func corpusHoldsEveryEngagementWithContentFeatures() async throws {
        let c = try await Self.community()
        let data = try await RetrievalCorpus.load(from: c.store, since: c.now.addingTimeInterval(-30 * 86_400))
        #expect(data.interactions.count == 400)
        #expect(data.itemCount == 60 && data.userCount == 40)
        let first = try #require(data.itemIDs.firstIndex(of: RetrievalCorpus.key(c.posts[0].id)))
        #expect(data.items[first].categories == ["food"])
        #expect(data.items[first].tokens.contains("#food") && data.items[first].tokens.contains("pasta"))
        #expect(data.items[first].creator == RetrievalCorpus.key(c.users[40].id))
    }

    @Test func retrievalFindsTheViewersTasteAndRespectsThePolicy() async throws {
        let c = try await Self.community()
        let report = try await ExploreModelFiles.trainTwoTower(store: c.store, data: c.directory, now: c.now,
                                                               configuration: Self.configuration())
        #expect(report.examples > 0)
        let model = try #require(try ExploreModelFiles.loadTwoTower(data: c.directory))
        let retrieval = TwoTowerRetrieval(model: model, store: c.store, shards: 2)
        retrieval.add(c.posts.map { (post: $0, followers: 500, descriptor: []) })
        #expect(retrieval.index.count == 60)

        let foodPosts = Set(c.posts.filter { $0.category == "food" }.map(\.id))
        for (viewer, wantsFood) in [(c.users[3], true), (c.users[27], false)] {
            let ctx = ExploreContext(viewer: viewer.id, region: viewer.region, now: c.now, excludedAuthors: [])
            let v = try #require(try await retrieval.vector(for: viewer.id, context: ctx))
            let hits = try await retrieval.nearest(to: v, k: 10, allow: { _ in true })
            let matching = hits.filter { foodPosts.contains($0.0) == wantsFood }.count
            #expect(matching >= 9, "\(viewer.username): \(matching)/10 of the wanted category")
            // The policy runs inside the search: a forbidden post never comes back, and k is still filled.
            let banned = hits[0].0
            let filtered = try await retrieval.nearest(to: v, k: 10, allow: { $0 != banned })
            #expect(!filtered.contains { $0.0 == banned } && filtered.count == 10)
        }

        // A brand-new post with no engagement is searchable at once, placed by its content.
        let author = c.users[40]
        let fresh = Post(id: MosaicID(millisSinceEpoch: 99_999, shard: author.id.shard, sequence: 1), authorID: author.id,
                         caption: "pasta recipe #food", hashtags: ["food"], mentions: [], location: nil, taggedUserIDs: [],
                         media: [], category: "food", createdAt: c.now)
        retrieval.add(fresh, authorFollowers: 500, descriptor: [])
        let vector = try #require(retrieval.itemVector(fresh.id))
        func similarity(_ u: User) async throws -> Float {
            let ctx = ExploreContext(viewer: u.id, region: u.region, now: c.now, excludedAuthors: [])
            let v = try #require(try await retrieval.vector(for: u.id, context: ctx))
            return zip(v, vector).reduce(0) { $0 + $1.0 * $1.1 }
        }
        #expect(try await similarity(c.users[3]) > similarity(c.users[27]))
        retrieval.remove(fresh.id)
        let ctx = ExploreContext(viewer: c.users[3].id, region: "", now: c.now, excludedAuthors: [])
        let v = try #require(try await retrieval.vector(for: c.users[3].id, context: ctx))
        #expect(!(try await retrieval.nearest(to: v, k: 61, allow: { _ in true })).contains { $0.0 == fresh.id })
        // A user the model has never seen and who has no history gets no vector (the funnel falls back).
        let stranger = ExploreContext(viewer: MosaicID(rawValue: 12_345), region: "", now: c.now, excludedAuthors: [])
        #expect(try await retrieval.vector(for: stranger.viewer, context: stranger) == nil)
    }
}
