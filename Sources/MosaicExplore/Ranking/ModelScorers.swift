import Foundation
import MosaicML

/// The trained light ranker (logistic regression over `RankingFeatures`) as a funnel stage.
public struct LightModelScorer: CandidateScorer {
    public let model: LightRanker
    public var version: String { model.version }
    public init(model: LightRanker) { self.model = model }

    public func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        model.probabilities(RankingMatrix.rows(features))
    }
}

/// The trained multi-task ranker: P(like), P(comment), P(save), P(share), P(follow), P(hide) combined into one
/// value with the configured weights (1, 2, 3, 3, 5, −10 by default).
public struct MultiTaskScorer: CandidateScorer {
    public let model: MultiTaskRanker
    public var version: String { model.version }
    public init(model: MultiTaskRanker) { self.model = model }

    public func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        model.values(RankingMatrix.rows(features))
    }
}

enum RankingMatrix {
    /// Feature rows as one contiguous matrix (one allocation, then the models' dense kernels).
    static func rows(_ features: [[Float]]) -> Matrix { rows(FeatureRows(features)) }

    /// The rows as the models' matrix, sharing the buffer (no copy).
    static func rows(_ features: FeatureRows) -> Matrix {
        Matrix(rows: features.count, columns: RankingFeatures.columns, values: features.values)
    }
}

/// One served Explore candidate with what the viewer then did: a training row for both rankers.
public struct LabelledImpression: Sendable {
    public var features: [Float]
    /// like, comment, save, share, follow, hide (1/0; NaN = not observable in this log).
    public var labels: [Float]
    public init(features: [Float], labels: [Float]) { self.features = features; self.labels = labels }
}

/// Trains Explore's light and multi-task rankers from labelled impressions and saves them beside the two-tower model.
public enum ExploreRankerTraining {
    public static let tasks = MultiTaskRanker.Tasks.explore

    public static func train(_ rows: [LabelledImpression], epochs: Int = 4, version: String,
                             showProgress: Bool = false) -> (light: LightRanker, heavy: MultiTaskRanker) {
        let x = RankingMatrix.rows(rows.map(\.features))
        var settings = RankerTraining()
        settings.epochs = epochs
        settings.showProgress = showProgress
        // The light ranker predicts "any engagement" (like, comment, save or share).
        let engaged = rows.map { r in r.labels.prefix(4).contains { $0 == 1 } ? Float(1) : 0 }
        let light = LightRanker.train(rows: x, labels: engaged, featureNames: RankingFeatures.names, settings: settings,
                                      version: "light-\(version)")
        let labels = Matrix(rows: rows.count, columns: tasks.names.count, values: rows.flatMap(\.labels))
        let heavy = MultiTaskRanker.train(rows: x, labels: labels, featureNames: RankingFeatures.names, tasks: tasks,
                                          settings: settings, version: "multi-task-\(version)")
        return (light, heavy)
    }
}
