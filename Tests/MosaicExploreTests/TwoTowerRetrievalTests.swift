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

    /// The index keeps each post's policy facts as node attributes (`mirror`): they follow the catalogue whichever
    /// comes first (catalogue entry or index insert) and through later changes, and a search deciding from them
    /// returns exactly what the same search deciding by catalogue lookups returns, with every rule applied.
    @Test func theIndexMirrorsTheCatalogueAndDecidesTheSame() async throws {
        let c = try await Self.community()
        var configuration = Self.configuration()
        configuration.epochs = 5
        _ = try await ExploreModelFiles.trainTwoTower(store: c.store, data: c.directory, now: c.now, configuration: configuration)
        let model = try #require(try ExploreModelFiles.loadTwoTower(data: c.directory))
        let retrieval = TwoTowerRetrieval(model: model, store: c.store, shards: 2)
        let catalog = PostCatalog()
        retrieval.mirror(catalog)
        let users = Dictionary(uniqueKeysWithValues: c.users.map { ($0.id, $0) })
        // Half the posts reach the catalogue before the index, half after.
        for p in c.posts.prefix(30) { catalog.upsert(CatalogEntry(post: p, author: users[p.authorID]!)) }
        retrieval.add(c.posts.map { (post: $0, followers: 500, descriptor: []) })
        for p in c.posts.suffix(30) { catalog.upsert(CatalogEntry(post: p, author: users[p.authorID]!)) }
        func mirrored() -> Bool {
            c.posts.allSatisfy { retrieval.index.attributes(for: $0.id.rawValue) == PolicyFacts(catalog.entry($0.id)!).attributes }
        }
        #expect(mirrored())

        let p = c.posts
        catalog.update(p[50].id) { $0.reports = 3 }
        catalog.update(p[30].id) { $0.reports = 2 }
        catalog.remove(p[54].id)
        catalog.update(p[26].id) { $0.regions = RegionCode.mask(["na"]) }
        catalog.update(p[58].id) { $0.regions = RegionCode.mask(["eu", "na"]) }
        catalog.updateAuthor(p[1].authorID) { $0.authorPrivate = true }
        catalog.update(p[34].id) { $0.likes += 40 }
        #expect(mirrored())

        let viewer = c.users[3]
        let since = c.now.addingTimeInterval(-9 * 86_400)
        let ctx = ExploreContext(viewer: viewer.id, region: "eu", now: c.now, excludedAuthors: [viewer.id, p[0].authorID],
                                 restrictedCategories: ["pets"], excludedPosts: [p[46].id])
        let policy = RetrievalPolicy(context: ctx, catalog: catalog, since: since)
        let v = try #require(try await retrieval.vector(for: viewer.id, context: ctx))
        let fromAttributes = try await retrieval.nearest(to: v, k: 60, policy: policy)
        let byLookup = try await retrieval.nearest(to: v, k: 60, policy: RetrievalPolicy(allows: policy.allows))
        #expect(fromAttributes.map(\.0) == byLookup.map(\.0))
        let expected = Set(p.filter { post in
            let e = catalog.entry(post.id)!
            return e.createdAt >= since && ctx.allows(e)
        }.map(\.id))
        #expect(Set(fromAttributes.map(\.0)) == expected)
        // Posts of author 41 (p[2], p[26], p[30], …) and 43 pass unless a rule says otherwise; 40 is excluded (followed), 42 private.
        for excluded in [p[50], p[54], p[26], p[1], p[0], p[46], p[2]] { #expect(!expected.contains(excluded.id)) }
        for kept in [p[30], p[58], p[34], p[38]] { #expect(expected.contains(kept.id)) }
        #expect(expected.count >= 10)

        // A post indexed after the catalogue learnt of it is searchable with its facts; one the catalogue does not
        // know is never returned from the attributes (unknown facts refuse).
        let author = c.users[42]
        let fresh = Post(id: MosaicID(millisSinceEpoch: 99_999, shard: author.id.shard, sequence: 1), authorID: author.id,
                         caption: "beach #travel", hashtags: ["travel"], mentions: [], location: nil, taggedUserIDs: [],
                         media: [], category: "travel", createdAt: c.now)
        let stray = Post(id: MosaicID(millisSinceEpoch: 99_999, shard: author.id.shard, sequence: 2), authorID: author.id,
                         caption: "beach #travel", hashtags: ["travel"], mentions: [], location: nil, taggedUserIDs: [],
                         media: [], category: "travel", createdAt: c.now)
        catalog.upsert(CatalogEntry(post: fresh, author: author))
        retrieval.add(fresh, authorFollowers: 500, descriptor: [])
        retrieval.add(stray, authorFollowers: 500, descriptor: [])
        let after = try await retrieval.nearest(to: v, k: 62, policy: policy).map(\.0)
        #expect(after.contains(fresh.id) && !after.contains(stray.id))
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
            let hits = try await retrieval.nearest(to: v, k: 10, policy: .everything)
            let matching = hits.filter { foodPosts.contains($0.0) == wantsFood }.count
            #expect(matching >= 9, "\(viewer.username): \(matching)/10 of the wanted category")
            // The policy runs inside the search: a forbidden post never comes back, and k is still filled.
            let banned = hits[0].0
            let filtered = try await retrieval.nearest(to: v, k: 10, policy: RetrievalPolicy(allows: { $0 != banned }))
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
        #expect(!(try await retrieval.nearest(to: v, k: 61, policy: .everything)).contains { $0.0 == fresh.id })
        // A user the model has never seen and who has no history gets no vector (the funnel falls back).
        let stranger = ExploreContext(viewer: MosaicID(rawValue: 12_345), region: "", now: c.now, excludedAuthors: [])
        #expect(try await retrieval.vector(for: stranger.viewer, context: stranger) == nil)
    }
}
