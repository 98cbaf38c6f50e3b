import Foundation

/// `mosaic train`: trains the production models on a whole log and writes versioned files into a models
/// folder (`two-tower.model`, `light-ranker.model`, `multi-task-ranker.model`, `feed-ranker.model`).
/// Each file is replaced atomically; a server reloads it into its `ModelSlot` without restarting.
public enum ModelTraining {
    public enum Target: String, CaseIterable, Sendable {
        case retrieval, light, ranker, feed, all
    }

    public struct Summary: Sendable {
        public var files: [String] = []
        public var lines: [String] = []
    }

    /// - Parameters:
    ///   - positives: the engagements to learn from (e.g. ratings ≥ 4, or every like/comment/save…).
    ///   - options: shapes and candidate counts (shared with `mosaic eval`).
    public static func train(_ target: Target, data: InteractionDataset, positives: [Interaction],
                             options o: OfflineEvaluation.Options, modelsDirectory: String) throws -> Summary {
        var summary = Summary()
        let stamp = ISO8601DateFormatter().string(from: Date())
        let dir = modelsDirectory as NSString
        try FileManager.default.createDirectory(atPath: modelsDirectory, withIntermediateDirectories: true)
        // The latest part of the log is held out: the retrieval epochs are chosen on it (best NDCG@10),
        // and the rankers learn from what users did with retrieved candidates there.
        let (inner, validation) = OfflineEvaluation.holdOut(positives, data: data, fraction: o.validationFraction,
                                                            byTime: true, seed: o.retrieval.seed)
        let stage = FunnelStage(data: data, train: inner, configuration: o.retrieval, showProgress: o.showProgress,
                                label: "two-tower-ranker-candidates", validation: validation, patience: o.patience)
        if target == .retrieval || target == .all {
            var chosen = o.retrieval
            chosen.epochs = stage.bestEpoch ?? o.retrieval.epochs
            let t = TwoTowerTrainer(configuration: chosen, showProgress: o.showProgress)
                .train(data: data, positives: positives, version: "two-tower-\(stamp)")
            let path = dir.appendingPathComponent("two-tower.model")
            try t.model.save(to: path)
            summary.files.append(path)
            summary.lines.append(String(format: "retrieval: %d examples in %.1f s (%.0f examples/s), final loss %.3f",
                                        t.report.examples, t.report.seconds, t.report.examplesPerSecond, t.report.finalLoss))
        }
        let rankers: [(Target, MultiTaskRanker.Tasks?)] = [(.light, nil), (.ranker, .explore), (.feed, .feed)]
        let wanted = rankers.filter { target == .all || target == $0.0 }
        guard !wanted.isEmpty else { return summary }
        let kinds = Set(positives.map(\.kind))
        for (t, tasks) in wanted {
            // Explicit-feedback logs have no comment/save/… events: their heads learn engage/like/love instead.
            let effective = tasks.map { kinds == [.rating] ? OfflineEvaluation.ratingTasks : $0 } ?? OfflineEvaluation.ratingTasks
            let fitted = RankerFitting.fit(stage: stage, validation: validation, tasks: effective, options: o,
                                           version: "-\(stamp)")
            let name = t == .light ? "light-ranker" : t == .ranker ? "multi-task-ranker" : "feed-ranker"
            let path = dir.appendingPathComponent("\(name).model")
            if t == .light { try fitted.light.save(to: path) } else { try fitted.ranker.save(to: path) }
            summary.files.append(path)
            let seconds = t == .light ? fitted.lightSeconds : fitted.rankerSeconds
            summary.lines.append(String(format: "%@: %d examples × %d epochs in %.1f s, tasks %@", name, fitted.labels.count,
                                        o.rankers.epochs, seconds,
                                        t == .light ? "engage" : effective.names.joined(separator: "/")))
        }
        return summary
    }
}
