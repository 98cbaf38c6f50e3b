import Foundation
import Testing
import MosaicCore
import MosaicML
import MosaicVectors
@testable import MosaicExplore

/// The rankers learn from labelled impressions: viewers here like posts of their favourite category and hide
/// stale unpopular ones, so trained scorers must order candidates that way — and survive a save and load.
@Suite struct ExploreRankerTests {
    static func impression(_ rng: inout SplitMix64, now: Date) -> (LabelledImpression, favourite: Bool) {
        let favourite = rng.nextUnit() < 0.5
        let ctx = ExploreContext(viewer: MosaicID(rawValue: 1), region: "eu", now: now, excludedAuthors: [],
                                 interests: ["food": 0.8, "travel": 0.2])
        let category = favourite ? "food" : "cars"
        let entry = CatalogEntry(postID: MosaicID(rawValue: rng.next() >> 1), authorID: MosaicID(rawValue: 2), category: category,
                                 hashtagCount: 1, createdAt: now.addingTimeInterval(-rng.nextUnit() * 86_400 * 3),
                                 likes: Int32(rng.next() % 50), comments: 0, saves: 0, shares: 0, hides: 0, impressions: 100,
                                 authorFollowers: 100, authorRegion: "eu")
        let c = Candidate(postID: entry.postID, authorID: entry.authorID, category: category, createdAt: entry.createdAt,
                          source: .ann, retrievalScore: Float(rng.nextUnit()))
        let like: Float = rng.nextUnit() < (favourite ? 0.6 : 0.05) ? 1 : 0
        let hide: Float = !favourite && rng.nextUnit() < 0.3 ? 1 : 0
        return (LabelledImpression(features: RankingFeatures.extract(c, entry, ctx), labels: [like, 0, like * 0.0, 0, .nan, hide]), favourite)
    }

    @Test func trainedScorersPreferWhatViewersEngagedWith() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var rng = SplitMix64(seed: 5)
        let train = (0..<3_000).map { _ in Self.impression(&rng, now: now).0 }
        let (light, heavy) = ExploreRankerTraining.train(train, epochs: 6, version: "test")
        let test = (0..<400).map { _ in Self.impression(&rng, now: now) }
        let features = FeatureRows(test.map(\.0.features))
        let candidates = [Candidate](repeating: Candidate(postID: MosaicID(rawValue: 1), authorID: MosaicID(rawValue: 2),
                                                         category: "", createdAt: now, source: .ann, retrievalScore: 0), count: test.count)
        let ctx = ExploreContext(viewer: MosaicID(rawValue: 1), region: "eu", now: now, excludedAuthors: [])
        for scorer in [LightModelScorer(model: light) as any CandidateScorer, MultiTaskScorer(model: heavy)] {
            let scores = try scorer.score(candidates, features: features, context: ctx)
            let fav = zip(scores, test).filter { $0.1.favourite }.map(\.0), other = zip(scores, test).filter { !$0.1.favourite }.map(\.0)
            let meanFav = fav.reduce(0, +) / Float(fav.count), meanOther = other.reduce(0, +) / Float(other.count)
            #expect(meanFav > meanOther, "\(scorer.version): \(meanFav) vs \(meanOther)")
        }
        // Saved and loaded from a data folder, the models give identical scores.
        let dir = NSTemporaryDirectory() + "mosaic-rankers-\(UUID().uuidString)"
        try ExploreModelFiles.saveRankers(light, heavy, data: dir)
        let loaded = try #require(try ExploreModelFiles.loadRankers(data: dir))
        #expect(try loaded.heavy.score(candidates, features: features, context: ctx)
                == MultiTaskScorer(model: heavy).score(candidates, features: features, context: ctx))
        #expect(try loaded.light.score(candidates, features: features, context: ctx)
                == LightModelScorer(model: light).score(candidates, features: features, context: ctx))
    }
}
