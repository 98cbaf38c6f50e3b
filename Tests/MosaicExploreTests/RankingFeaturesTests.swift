import Foundation
import Testing
import MosaicCore
import MosaicVectors
@testable import MosaicExplore

/// The feature layout is what trained rankers read, so `RankingFeatures.extract` must keep `names`' order
/// exactly; it is checked here against the plain formula, feature by feature, on varied candidates.
@Suite struct RankingFeaturesTests {
    /// The layout written out the long way (the extractor's reference).
    static func reference(_ c: Candidate, _ e: CatalogEntry, _ ctx: ExploreContext) -> [Float] {
        let ageHours = Float(max(0, ctx.now.timeIntervalSince(e.createdAt)) / 3600)
        let impressions = Float(max(e.impressions, 1))
        let affinity = ctx.interests[e.category] ?? 0
        let pop = e.popularity(now: ctx.now)
        let likes = Float(e.likes)
        var f: [Float] = [
            c.retrievalScore, logf(1 + ageHours), ageHours < 1 ? 1 : 0, ageHours < 24 ? 1 : 0, logf(1 + likes),
            logf(1 + Float(e.comments)), logf(1 + Float(e.saves)), logf(1 + Float(e.shares)), logf(impressions),
            likes / impressions, Float(e.saves) / impressions, Float(e.hides) / impressions,
            logf(1 + Float(e.authorFollowers)), e.authorRegion == ctx.region ? 1 : 0, affinity, affinity * affinity,
            ctx.topInterests.first == e.category ? 1 : 0, min(pop, 10) / 10, logf(1 + pop),
            ctx.userVector == nil ? 0 : 1, 1,
        ]
        f += CandidateSource.allCases.map { $0 == c.source ? 1 : 0 }
        let ci = InterestCategory.all.firstIndex(of: e.category)
        f += (0..<12).map { $0 == ci ? 1 : 0 }
        f += [affinity * min(pop, 10) / 10, affinity * c.retrievalScore, (ageHours < 24 ? 1 : 0) * affinity,
              Float(e.likes + e.comments) / Float(max(e.authorFollowers, 1) + 10), Float(e.comments) / (likes + 1),
              Float(e.saves) / (likes + 1), Float(e.shares) / (likes + 1), Float(e.hashtagCount), Float(e.reports),
              Float(e.hides)]
        return f
    }

    @Test func extractMatchesTheLayoutFeatureByFeature() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var rng = SplitMix64(seed: 11)
        let categories = InterestCategory.all + ["", "unknown"]
        for i in 0..<300 {
            var ctx = ExploreContext(viewer: MosaicID(rawValue: 1), region: i % 2 == 0 ? "eu" : "na", now: now,
                                     excludedAuthors: [], interests: ["food": 0.7, "travel": 0.3, "cars": Float(rng.nextUnit())])
            if i % 3 == 0 { ctx.userVector = [1, 0] }
            let entry = CatalogEntry(postID: MosaicID(rawValue: rng.next() >> 1), authorID: MosaicID(rawValue: 2),
                                     category: categories[Int(rng.next() % UInt64(categories.count))],
                                     hashtagCount: Int(rng.next() % 5), createdAt: now.addingTimeInterval(-rng.nextUnit() * 86_400 * 3),
                                     likes: Int32(rng.next() % 500), comments: Int32(rng.next() % 50), saves: Int32(rng.next() % 20),
                                     shares: Int32(rng.next() % 10), hides: Int32(rng.next() % 4), impressions: Int32(rng.next() % 3_000),
                                     authorFollowers: Int32(rng.next() % 100_000), authorRegion: i % 4 == 0 ? "eu" : "na")
            let source = CandidateSource.allCases[i % CandidateSource.allCases.count]
            let c = Candidate(postID: entry.postID, authorID: entry.authorID, category: entry.category, createdAt: entry.createdAt,
                              source: source, retrievalScore: Float(rng.nextUnit()))
            let got = RankingFeatures.extract(c, entry, ctx), want = Self.reference(c, entry, ctx)
            #expect(got.count == RankingFeatures.names.count)
            #expect(got == want, "candidate \(i): \(zip(RankingFeatures.names, zip(got, want)).filter { $1.0 != $1.1 }.map(\.0))")
        }
    }

    @Test func featureRowsKeepRowsAndSelectInOrder() {
        let rows = (0..<5).map { i in (0..<RankingFeatures.columns).map { Float(i * 1_000 + $0) } }
        let m = FeatureRows(rows)
        #expect(m.count == 5 && (0..<5).allSatisfy { m.row($0) == rows[$0] })
        let picked = m.selecting([3, 0, 3])
        #expect(picked.count == 3 && picked.row(0) == rows[3] && picked.row(1) == rows[0] && picked.row(2) == rows[3])
    }
}
