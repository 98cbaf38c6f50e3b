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
        /// Weight of the multi-task value against the light ranker's probability in the final order
        /// (`blended`), chosen on validation users the rankers did not learn from.
        var blend: Float
        /// Time spent choosing the blend (the first fit without the users set aside, and scoring them).
        var blendSeconds: Double = 0
    }

    /// Blends tried for the multi-task row, from the light ranker's order alone (0) to the value alone (1).
    static let blends: [Float] = [0, 0.25, 0.5, 0.75, 1]

    /// `(1 − blend)·log P(light) + blend·log value`: both are log-probability-like, so neither scale dominates.
    static func blended(light: [Float], values: [Float], blend: Float) -> [Float] {
        zip(light, values).map { (1 - blend) * logf(max($0, 1e-7)) + blend * logf(max($1, 1e-7)) }
    }

    /// Label of one task for a held-out event (nil event: shown but not engaged).
    static func label(task: String, event: Interaction?) -> Float {
        guard let e = event else { return 0 }
        switch task {
        case "engage": return e.kind == .hide ? 0 : 1
        case "like": return e.kind == .like || (e.kind == .rating && e.label >= 4) ? 1 : 0
        case "love": return e.kind == .rating && e.label >= 5 ? 1 : 0
        case "dwell": return (e.dwell ?? 0) >= 10 ? 1 : 0
        case "keep": return e.kind == .save || e.kind == .share ? 1 : 0
        default: return EventKind(name: task) == e.kind ? 1 : 0
        }
    }

    static func fit(stage: FunnelStage, validation: [Interaction], tasks: MultiTaskRanker.Tasks,
                    options o: OfflineEvaluation.Options, version: String = "") -> Fitted {
        var held: [Int: [Int: Interaction]] = [:]
        for e in validation { held[Int(e.user), default: [:]][Int(e.item)] = e }
        let users = held.keys.sorted()
        let candidates = users.map { user in
            stage.candidates(user: user, retrieval: o.retrievalCandidates, cooc: o.cooccurrenceCandidates,
                             popularCount: o.popularCandidates, regressionCount: o.regressionCandidates)
        }
        logCandidateRecall(users: users, candidates: candidates, held: held)
        // About one user in four (a hash of the ID) is set aside to choose the blend; then both rankers are refitted
        // on every user.
        let aside = users.indices.filter { (UInt64(users[$0]) &* 0x9E37_79B9_7F4A_7C15) >> 61 < 2 }
        let asideSet = Set(aside)
        let names = stage.features.names
        let choiceStart = Date()
        let first = train(users: users.indices.filter { !asideSet.contains($0) }, users, candidates, held: held,
                          tasks: tasks, names: names, options: o, version: version)
        var relevant: [Int: Set<Int>] = [:]
        for k in aside { relevant[users[k]] = Set(held[users[k]]!.keys) }
        var best: (blend: Float, ndcg: Double) = (0, -1)
        for blend in blends {
            var lists: [Int: [Int]] = [:]
            for k in aside {
                let c = candidates[k]
                let m = Matrix(rows: c.items.count, columns: names.count, values: c.rows.flatMap { $0 })
                let v = blended(light: first.light.probabilities(m), values: first.ranker.values(m), blend: blend)
                lists[users[k]] = c.items.indices.sorted { (v[$0], -c.items[$0]) > (v[$1], -c.items[$1]) }
                    .prefix(10).map { c.items[$0] }
            }
            let ndcg = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: stage.data.itemCategories,
                                               catalogueSize: stage.data.itemCount).ndcgAt10
            OfflineEvaluation.log(String(format: "  multi-task blend %.2f: NDCG@10 %.4f on %d validation users set aside",
                                         blend, ndcg, aside.count))
            if ndcg > best.ndcg { best = (blend, ndcg) }
        }
        let blendSeconds = Date().timeIntervalSince(choiceStart)
        var fitted = train(users: Array(users.indices), users, candidates, held: held, tasks: tasks, names: names,
                           options: o, version: version)
        fitted.blend = best.blend
        fitted.blendSeconds = blendSeconds
        return fitted
    }

    /// Share of the held-out engagements each candidate source (and their union) reaches: the ceiling on
    /// what the rankers can recall.
    static func logCandidateRecall(users: [Int], candidates: [FunnelStage.UserCandidates], held: [Int: [Int: Interaction]]) {
        var total = 0, tower = 0, cooc = 0, regression = 0, union = 0
        var towerAt100 = 0, regressionAt100 = 0
        for (k, user) in users.enumerated() {
            let h = held[user]!
            let c = candidates[k]
            total += h.count
            tower += c.retrievalList.filter { h[$0] != nil }.count
            towerAt100 += c.retrievalList.prefix(100).filter { h[$0] != nil }.count
            cooc += c.coocList.filter { h[$0] != nil }.count
            regression += c.regressionList.filter { h[$0] != nil }.count
            regressionAt100 += c.regressionList.prefix(100).filter { h[$0] != nil }.count
            union += c.items.filter { h[$0] != nil }.count
        }
        let n = Double(max(total, 1))
        OfflineEvaluation.log(String(
            format: "candidate recall on validation: towers %.3f (@100 %.3f), co-engagement %.3f, regression %.3f (@100 %.3f), union %.3f (%.0f candidates/user)",
            Double(tower) / n, Double(towerAt100) / n, Double(cooc) / n, Double(regression) / n,
            Double(regressionAt100) / n, Double(union) / n,
            Double(candidates.map(\.items.count).reduce(0, +)) / Double(max(users.count, 1))))
    }

    static func train(users indices: [Int], _ users: [Int], _ candidates: [FunnelStage.UserCandidates],
                      held: [Int: [Int: Interaction]], tasks: MultiTaskRanker.Tasks, names: [String],
                      options o: OfflineEvaluation.Options, version: String) -> Fitted {
        var random = TrainingRandom(seed: o.rankers.seed)
        var rows: [Float] = [], labels: [Float] = [], taskLabels: [Float] = []
        for k in indices {
            let c = candidates[k]
            for (i, item) in c.items.enumerated() {
                let event = held[users[k]]?[item]
                if event == nil && random.unit() >= o.negativeSampling { continue }
                rows += c.rows[i]
                labels.append(label(task: "engage", event: event))
                for t in tasks.names { taskLabels.append(label(task: t, event: event)) }
            }
        }
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
                      lightSeconds: t1.timeIntervalSince(t0), rankerSeconds: Date().timeIntervalSince(t1), blend: 0)
    }
}
