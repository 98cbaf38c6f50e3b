import Foundation
import MosaicML
import Testing
@testable import MosaicFeed

/// A small synthetic log with a known truth: readers like posts in their favourite category, whatever
/// their age. A ranker must learn that (and beat newest-first); a shuffled-label control must not.
@Suite struct FeedTrainingTests {
    static func log(users: Int = 300, posts: Int = 600, seed: UInt64 = 7, shuffleLabels: Bool = false) -> FeedTrainingLog {
        var rng = TrainingRandom(seed: seed)
        let categories = 6
        let start: Int64 = 1_700_000_000_000
        let authors = (0..<posts).map { _ in Int32(rng.below(users)) }
        let cats = (0..<posts).map { _ in UInt8(rng.below(categories)) }
        let created = (0..<posts).map { i in start + Int64(i) * 3_600_000 / 4 }
        let favourite = (0..<users).map { _ in UInt8(rng.below(categories)) }
        var events: [FeedLogEvent] = []
        for p in 0..<posts {
            for _ in 0..<12 {
                let u = rng.below(users)
                let t = created[p] + Int64(rng.below(6 * 3_600_000))
                let likes = cats[p] == favourite[u] ? rng.unit() < 0.6 : rng.unit() < 0.05
                events.append(FeedLogEvent(unixMillis: t, user: Int32(u), post: Int32(p), dwellMs: likes ? 12_000 : 2_000, kind: .impression, inFeed: true))
                let label = shuffleLabels ? rng.unit() < 0.12 : likes
                if label { events.append(FeedLogEvent(unixMillis: t + 1, user: Int32(u), post: Int32(p), dwellMs: 0, kind: .like, inFeed: true)) }
            }
        }
        events.sort { ($0.unixMillis, $0.kind.rawValue) < ($1.unixMillis, $1.kind.rawValue) }
        return FeedTrainingLog(postAuthors: authors, postCategories: cats, postCreatedAtMillis: created,
                               authorFollowers: (0..<users).map { _ in Int32(rng.below(100)) },
                               authorVerified: Array(repeating: false, count: users), events: events, categoryCount: categories)
    }

    @Test func examplesUseOnlyThePast() {
        let log = FeedTrainingLog(postAuthors: [0, 0], postCategories: [1, 1], postCreatedAtMillis: [0, 0],
                                  authorFollowers: [5, 0], authorVerified: [false, false], events: [
            FeedLogEvent(unixMillis: 10, user: 1, post: 0, dwellMs: 11_000, kind: .impression, inFeed: true),
            FeedLogEvent(unixMillis: 11, user: 1, post: 0, dwellMs: 0, kind: .like, inFeed: true),
            FeedLogEvent(unixMillis: 20, user: 1, post: 1, dwellMs: 1_000, kind: .impression, inFeed: true),
        ], categoryCount: 2)
        let x = FeedExamples.build(from: log)
        #expect(x.count == 2)
        #expect(x.rows[0, 0] == 0, "the like of post 0 is not a feature of its own impression")
        #expect(x.labels[0, 0] == 1 && x.labels[0, 6] == 1 && x.labels[0, 4].isNaN)
        #expect(x.rows[1, 0] > 0 && x.rows[1, 5] == 1, "but it is one of the next post by that author")
        #expect(x.labels[1, 0] == 0 && x.labels[1, 6] == 0)
    }

    @Test func messagesAndVisitsAreFeaturesOnlyAfterTheyHappen() {
        let messages = FeedFeatures.names.firstIndex(of: "rel_messages")!, visits = FeedFeatures.names.firstIndex(of: "rel_profile_visits")!
        let log = FeedTrainingLog(postAuthors: [0, 0, 0], postCategories: [1, 1, 1], postCreatedAtMillis: [0, 0, 0],
                                  authorFollowers: [5, 0], authorVerified: [false, false], events: [
            FeedLogEvent(unixMillis: 10, user: 1, post: 0, dwellMs: 1_000, kind: .impression, inFeed: true),
            FeedLogEvent(unixMillis: 20, user: 1, post: 1, dwellMs: 1_000, kind: .impression, inFeed: true),
            FeedLogEvent(unixMillis: 30, user: 1, post: 2, dwellMs: 1_000, kind: .impression, inFeed: true),
        ], categoryCount: 2, relations: [
            FeedRelationEvent(unixMillis: 15, user: 0, target: 1, kind: .message),       // the author wrote to the reader
            FeedRelationEvent(unixMillis: 25, user: 1, target: 0, kind: .profileVisit),
            FeedRelationEvent(unixMillis: 26, user: 0, target: 1, kind: .profileVisit),  // the other direction: not the reader's
        ])
        let x = FeedExamples.build(from: log)
        #expect(x.rows[0, messages] == 0 && x.rows[0, visits] == 0)
        #expect(x.rows[1, messages] == log1pf(1) && x.rows[1, visits] == 0, "a message counts for both sides")
        #expect(x.rows[2, messages] == log1pf(1) && x.rows[2, visits] == log1pf(1))
    }

    @Test func ndcgMatchesHandComputedValues() {
        #expect(FeedTraining.ndcg([1, 0, 0], k: 10) == 1)
        #expect(abs(FeedTraining.ndcg([0, 1], k: 10) - 1 / log2(3)) < 1e-12)
        #expect(FeedTraining.ndcg([0, 0], k: 10) == 0)
    }

    @Test func theRankerLearnsInterestAndBeatsTimeOrder() throws {
        var settings = RankerTraining()
        settings.epochs = 4
        let (model, eval) = FeedTraining.run(log: Self.log(), settings: settings, version: "test")
        #expect(eval.sessions > 20)
        #expect(eval.ndcgRanked > eval.ndcgChronological + 0.1, "ranked \(eval.ndcgRanked) vs time \(eval.ndcgChronological)")
        // Versioned files round-trip.
        let dir = NSTemporaryDirectory() + "feed-models-\(UUID().uuidString)"
        try FeedModelFiles.save(model, directory: dir)
        #expect(try FeedModelFiles.loadCurrent(directory: dir) == model)
    }

    @Test func shuffledLabelsGiveNoLift() {
        var settings = RankerTraining()
        settings.epochs = 2
        let (_, eval) = FeedTraining.run(log: Self.log(shuffleLabels: true), settings: settings, version: "control")
        #expect(abs(eval.ndcgRanked - eval.ndcgChronological) < 0.08, "ranked \(eval.ndcgRanked) vs time \(eval.ndcgChronological)")
    }
}
