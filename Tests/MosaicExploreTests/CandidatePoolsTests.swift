import Foundation
import Testing
import MosaicCore
import MosaicVectors
@testable import MosaicExplore

@Suite struct CandidatePoolsTests {
    static func entries(count: Int, now: Date, seed: UInt64 = 7) -> [CatalogEntry] {
        var rng = SplitMix64(seed: seed)
        let regions = ["eu", "na", "as"], categories = ["food", "travel", "cars", "pets"]
        return (0..<count).map { i in
            let author = User(id: MosaicID(rawValue: UInt64(1_000 + i % 37)), username: "u\(i % 37)",
                              isPrivate: i % 29 == 0, followerCount: Int(rng.next() % 5_000),
                              region: regions[Int(rng.next() % 3)], createdAt: now, lastActiveAt: now)
            let post = Post(id: MosaicID(rawValue: UInt64(100_000 + i)), authorID: author.id, caption: "", hashtags: [],
                            mentions: [], location: nil, taggedUserIDs: [], media: [], likeCount: Int(rng.next() % 400),
                            commentCount: Int(rng.next() % 30), category: categories[Int(rng.next() % 4)],
                            createdAt: now.addingTimeInterval(-Double(rng.next() % (40 * 86_400))),
                            deletedAt: i % 31 == 0 ? now : nil)
            return CatalogEntry(post: post, author: author)
        }
    }

    @Test func poolsEqualAFullSortOfTheLiveCatalog() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let all = Self.entries(count: 3_000, now: now)
        var limits = CandidatePools.Limits()
        limits.popular = 100; limits.perRegion = 40; limits.perCategory = 40; limits.hot = 1_000
        let pools = CandidatePools.build(all, now: now, horizon: 30 * 86_400, version: 1, limits: limits)
        let live = all.filter { !$0.deleted && !$0.authorPrivate && $0.createdAt >= now.addingTimeInterval(-30 * 86_400) }
        func top(_ xs: [CatalogEntry], _ k: Int) -> [PostID] {
            xs.sorted { a, b in
                let pa = a.popularity(now: now), pb = b.popularity(now: now)
                return pa != pb ? pa > pb : a.postID < b.postID
            }.prefix(k).map(\.postID)
        }
        #expect(pools.popular.map(\.postID) == top(live, 100))
        for r in ["eu", "na", "as"] {
            #expect(pools.popularByRegion[r]?.map(\.postID) == top(live.filter { $0.authorRegion == r }, 40))
        }
        #expect(pools.popularByCategory["pets"]?.map(\.postID) == top(live.filter { $0.category == "pets" }, 40))
        let hot = live.filter { $0.createdAt >= now.addingTimeInterval(-1_800) }.sorted { $0.createdAt > $1.createdAt }
        #expect(pools.hot.map(\.createdAt) == hot.map(\.createdAt))
        #expect(!pools.popular.contains { $0.deleted || $0.authorPrivate })
    }

    @Test func catalogRebuildsItsPoolsAfterAChange() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let catalog = PostCatalog()
        for e in Self.entries(count: 200, now: now) { catalog.upsert(e) }
        let first = catalog.pools(now: now)
        #expect(catalog.pools(now: now).version == first.version)
        var fresh = Self.entries(count: 1, now: now, seed: 99)[0]
        fresh.postID = MosaicID(rawValue: 9_999_999); fresh.createdAt = now; fresh.deleted = false; fresh.authorPrivate = false
        catalog.upsert(fresh)
        let second = catalog.pools(now: now)
        #expect(second.version > first.version)
        #expect(second.hot.first?.postID == fresh.postID)
        catalog.remove(fresh.postID)
        #expect(!catalog.pools(now: now).hot.contains { $0.postID == fresh.postID })
    }
}

