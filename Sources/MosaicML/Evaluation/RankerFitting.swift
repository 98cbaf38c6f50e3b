import Foundation

/// Fits both rankers the way the funnel uses them: candidates come from the retrieval stage trained on the
/// earlier part of the log, labels from what users actually did with them in the held-out part.
enum RankerFitting {
    struct Fitted {
        var light: LightRanker
        var ranker: MultiTaskRanker
        var featureNames: [String]
        var labels: [Float]
        var lightSeconds: Double
        var rankerSeconds: Double
    }

    /// Label of one task for a held-out event (nil event: shown but not engaged).
    static func label(task: String, event: Interaction?) -> Float {
        guard let e = event else { return 0 }
        switch task {
        case "engage": return e.kind == .hide ? 0 : 1
        case "like": return e.kind == .like || (e.kind == .rating && e.label >= 4) ? 1 : 0
        case "love": return e.kind == .rating && e.label >= 5 ? 1 : 0
        case "dwell": return (e.dwell ?? 0) >= 10 ? 1 : 0
        default: return EventKind(name: task) == e.kind ? 1 : 0
        }
    }

    static func fit(stage: FunnelStage, validation: [Interaction], tasks: MultiTaskRanker.Tasks,
                    options o: OfflineEvaluation.Options, version: String = "") -> Fitted {
        var held: [Int: [Int: Interaction]] = [:]
        for e in validation { held[Int(e.user), default: [:]][Int(e.item)] = e }
        var random = TrainingRandom(seed: o.rankers.seed)
        var rows: [Float] = [], labels: [Float] = [], taskLabels: [Float] = []
        for user in held.keys.sorted() {
            let c = stage.candidates(user: user, retrieval: o.retrievalCandidates, cooc: o.cooccurrenceCandidates,
                                     popularCount: o.popularCandidates)
            for (i, item) in c.items.enumerated() {
                let event = held[user]?[item]
                if event == nil && random.unit() >= o.negativeSampling { continue }
                rows += c.rows[i]
                labels.append(label(task: "engage", event: event))
                for t in tasks.names { taskLabels.append(label(task: t, event: event)) }
            }
        }
        let names = stage.features.names
        let x = Matrix(rows: labels.count, columns: names.count, values: rows)
        var settings = o.rankers
        settings.showProgress = o.showProgress
        let t0 = Date()
        let light = LightRanker.train(rows: x, labels: labels, featureNames: names, settings: settings,
                                      version: "light-ranker" + version)
        let t1 = Date()
        let ranker = MultiTaskRanker.train(rows: x, labels: Matrix(rows: labels.count, columns: tasks.names.count,
                                                                    values: taskLabels),
                                           featureNames: names, tasks: tasks, settings: settings,
                                           version: "multi-task-ranker" + version)
        return Fitted(light: light, ranker: ranker, featureNames: names, labels: labels,
                      lightSeconds: t1.timeIntervalSince(t0), rankerSeconds: Date().timeIntervalSince(t1))
    }
}
