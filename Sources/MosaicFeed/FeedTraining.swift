import Foundation
import MosaicML

/// Offline result of one training run: NDCG@10 of engaged posts on held-out sessions, ranked by the model
/// versus the chronological order the feed would otherwise show.
public struct FeedEvaluation: Sendable, Equatable {
    public var trainExamples = 0
    public var testExamples = 0
    /// Held-out (reader, day) sessions with at least two posts shown and one engaged.
    public var sessions = 0
    public var ndcgRanked: Double = 0
    public var ndcgChronological: Double = 0
    /// Per-task positive rates in the training rows (like, comment, save, share, follow, hide, dwell).
    public var positiveRates: [Double] = []
}

/// `mosaic train feed`: the multi-task ranker (MosaicML's `MultiTaskRanker`, feed heads) trained on the
/// older part of the engagement log and evaluated on the newer part (a time split, as production would).
public enum FeedTraining {
    /// Value weights in `MultiTaskRanker.Tasks.feed` head order. The follow head has no labels in the feed
    /// log (it is masked in training), so its weight is zero here.
    public static func valueWeights(_ w: EngagementWeights) -> [Float] {
        [w.like, w.comment, w.save, w.share, 0, w.hide, w.dwell]
    }

    public static func run(log: FeedTrainingLog, trainFraction: Double = 0.8, weights: EngagementWeights = EngagementWeights(),
                           hidden: [Int] = [32, 16], settings: RankerTraining = RankerTraining(),
                           version: String) -> (model: MultiTaskRanker, evaluation: FeedEvaluation) {
        let all = FeedExamples.build(from: log)
        let cut = splitIndex(all.times, fraction: trainFraction)
        let train = all.slice(0..<cut), test = all.slice(cut..<all.count)
        let model = MultiTaskRanker.train(rows: train.rows, labels: train.labels, featureNames: FeedFeatures.names,
                                          tasks: MultiTaskRanker.Tasks(names: MultiTaskRanker.Tasks.feed.names, weights: valueWeights(weights)),
                                          hidden: hidden, settings: settings, version: version)
        var evaluation = evaluate(model, on: test)
        evaluation.trainExamples = train.count
        evaluation.positiveRates = (0..<train.labels.columns).map { t in
            var pos = 0.0, seen = 0.0
            for r in 0..<train.count where !train.labels[r, t].isNaN { seen += 1; pos += Double(train.labels[r, t]) }
            return seen > 0 ? pos / seen : 0
        }
        return (model, evaluation)
    }

    /// The first example at or after the time `fraction` of the way through; one millisecond never straddles.
    static func splitIndex(_ times: [Int64], fraction: Double) -> Int {
        guard !times.isEmpty else { return 0 }
        var i = min(times.count - 1, max(0, Int(Double(times.count) * fraction)))
        while i > 0 && times[i - 1] == times[i] { i -= 1 }
        return i
    }

    public static func evaluate(_ model: MultiTaskRanker, on test: FeedExamples) -> FeedEvaluation {
        var result = FeedEvaluation()
        result.testExamples = test.count
        guard test.count > 0 else { return result }
        let values = model.values(test.rows)
        // Sessions: one reader's impressions within one day.
        var sessions: [UInt64: [Int]] = [:]
        for i in 0..<test.count {
            let day = UInt64(test.times[i] / 86_400_000)
            sessions[UInt64(UInt32(bitPattern: test.users[i])) << 24 | day, default: []].append(i)
        }
        var ranked = 0.0, chrono = 0.0, n = 0
        for (_, items) in sessions where items.count >= 2 {
            let relevance = items.map { i -> Double in
                (0..<4).contains { test.labels[i, $0] == 1 } ? 1 : 0
            }
            guard relevance.contains(1) else { continue }
            let byModel = items.indices.sorted { values[items[$0]] != values[items[$1]] ? values[items[$0]] > values[items[$1]] : items[$0] < items[$1] }
            let byTime = items.indices.sorted { test.postCreatedAt[items[$0]] != test.postCreatedAt[items[$1]]
                ? test.postCreatedAt[items[$0]] > test.postCreatedAt[items[$1]] : items[$0] < items[$1] }
            ranked += ndcg(byModel.map { relevance[$0] }, k: 10)
            chrono += ndcg(byTime.map { relevance[$0] }, k: 10)
            n += 1
        }
        result.sessions = n
        result.ndcgRanked = n > 0 ? ranked / Double(n) : 0
        result.ndcgChronological = n > 0 ? chrono / Double(n) : 0
        return result
    }

    /// NDCG@k of a list of relevances in served order.
    public static func ndcg(_ relevance: [Double], k: Int) -> Double {
        func dcg(_ r: [Double]) -> Double {
            var s = 0.0
            for (i, x) in r.prefix(k).enumerated() { s += (pow(2, x) - 1) / log2(Double(i) + 2) }
            return s
        }
        let ideal = dcg(relevance.sorted(by: >))
        return ideal > 0 ? dcg(relevance) / ideal : 0
    }
}
