import Foundation
import Testing
import MosaicCore
import MosaicVectors
@testable import MosaicExplore

/// The policy decided from a post's packed node attributes agrees with the policy decided from its facts, for
/// random facts and viewers, and all-zero attributes (facts not arrived) never pass.
@Suite struct PolicyFactsTests {
    @Test func packedAttributesDecideAsTheFactsDo() {
        var rng = SplitMix64(seed: 17)
        func pick(_ n: UInt64) -> Int { Int(rng.next() % n) }
        let authors = (1...12).map { UserID(rawValue: UInt64($0) << 23) }
        let posts = (1...40).map { PostID(rawValue: UInt64($0) << 23 | 5) }
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var agreed = 0, passed = 0
        for _ in 0..<200 {
            let ctx = ExploreContext(viewer: authors[0], region: pick(4) == 0 ? "" : RegionCode.all[pick(7)], now: base,
                                     excludedAuthors: Set((0..<pick(5)).map { _ in authors[pick(12)] }),
                                     restrictedCategories: Set((0..<pick(3)).map { _ in InterestCategory.all[pick(UInt64(InterestCategory.all.count))] }),
                                     excludedPosts: Set((0..<pick(8)).map { _ in posts[pick(40)] }))
            let since = base.addingTimeInterval(-Double(pick(1_000)))
            for _ in 0..<50 {
                var f = PolicyFacts()
                f.authorID = authors[pick(12)]
                f.createdAt = base.addingTimeInterval(-Double(pick(1_200)))
                f.reports = Int32(pick(4)); f.deleted = pick(8) == 0; f.authorPrivate = pick(8) == 0
                f.regions = pick(3) == 0 ? RegionCode.mask([RegionCode.all[pick(7)], RegionCode.all[pick(7)]]) : 0
                f.categoryCode = UInt8(pick(UInt64(InterestCategory.all.count + 1)))
                let post = posts[pick(40)]
                let byFacts = f.createdAt >= since && ctx.allows(post, facts: f)
                let byAttributes = ctx.allows(post, attributes: f.attributes, since: PolicyFacts.seconds(since))
                if byFacts == byAttributes { agreed += 1 }
                if byFacts { passed += 1 }
                #expect(!ctx.allows(post, attributes: .unknown, since: 0))
            }
        }
        #expect(agreed == 10_000)
        #expect(passed > 300 && passed < 9_700, "the cases exercise both outcomes: \(passed)")
    }
}

/// The catalogue's facts sink: called only when a post's facts change, in order, and cheap to call many times.
@Suite struct CatalogFactsSinkTests {
    final class Received: @unchecked Sendable {
        let lock = NSLock()
        var facts: [PostID: [PolicyFacts]] = [:]
        func add(_ id: PostID, _ f: PolicyFacts) { lock.lock(); facts[id, default: []].append(f); lock.unlock() }
    }

    @Test func sinkSeesEachFactsChangeOnceAndSurvivesManyCalls() {
        let catalog = PostCatalog(), received = Received()
        catalog.mirrorFacts(into: received.add)
        let post = PostID(rawValue: 7 << 23), author = UserID(rawValue: 3 << 23)
        catalog.upsert(CatalogEntry(postID: post, authorID: author, category: "food", hashtagCount: 1, createdAt: Date(),
                                    likes: 0, comments: 0, saves: 0, shares: 0, hides: 0, impressions: 0,
                                    authorFollowers: 10, authorRegion: "eu"))
        // Counters do not reach the sink, however many; reports and deletion do, in order.
        for _ in 0..<60_000 { catalog.update(post) { $0.likes += 1 } }
        catalog.update(post) { $0.reports += 1 }
        catalog.remove(post)
        let seen = received.facts[post] ?? []
        #expect(seen.map(\.reports) == [0, 1, 1] && seen.map(\.deleted) == [false, false, true])
        #expect(catalog.entry(post)?.likes == 60_000)
        catalog.republishFacts([post, PostID(rawValue: 99)])
        #expect(received.facts[post]?.count == 4 && received.facts[PostID(rawValue: 99)] == nil)
    }
}
