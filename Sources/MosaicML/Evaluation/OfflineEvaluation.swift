import Foundation

/// `mosaic eval`: trains on the past, measures on the held-out future, and puts Mosaic's rows beside the
/// baselines'. Every method writes a top-k list file; one `RankingMetrics` implementation scores them all.
public enum OfflineEvaluation {
    public struct Options: Sendable {
        public var datasetName = "dataset"
        public var protocolName = "chronological"
        public var outputDirectory = "bench-out/eval"
        public var retrieval = TwoTowerConfiguration()
        public var rankers = RankerTraining()
        public var listLength = 100
        public var retrievalCandidates = 200
        public var cooccurrenceCandidates = 150
        public var popularCandidates = 50
        /// Candidates from the closed-form item-to-item regression (EASE); 0 turns the source off.
        public var regressionCandidates = 200
        /// L2 strengths tried for the regression; the best on the validation rows is kept.
        public var regressionL2: [Double] = [100, 300, 1000]
        /// Catalogues above this size skip the regression (its inverse is items³ work).
        public var regressionItemLimit = 4096
        /// Candidates the light ranker passes on to the multi-task ranker (0: all of them).
        public var lightKeep = 0
        /// Share of each user's training engagements held out to fit the rankers.
        public var validationFraction = 0.2
        /// Hold out the latest (chronological protocols) or random (random-split protocols) engagements.
        public var validationByTime = true
        /// Epochs without a better validation NDCG@10 before the towers stop (`retrieval.epochs` is the most).
        public var patience = 2
        /// Train the validation towers with and without the session context and keep the better one.
        public var chooseSession = true
        /// Share of ranker negatives kept (all positives are kept).
        public var negativeSampling: Float = 0.25
        /// `bench/eval/peers.py` to run the Python baselines on the same split; nil skips them.
        public var peersScript: String?
        public var peerMethods = "item-knn,implicit-als,implicit-bpr,cornac-bpr"
        public var plotScript: String?
        public var showProgress = true
        /// Re-orderings of the final list (diversity post-processing), each scored as its own row so what it
        /// buys in diversity and costs in NDCG is measured on the same lists.
        public var postProcessors: [ListPostProcessor] = []
        public init() {}
    }

    public struct ResultRow: Sendable {
        public var dataset: String
        public var protocolName: String
        /// "all" or "cold-items".
        public var rows: String
        public var method: String
        public var metrics: RankingMetrics
        public var trainSeconds: Double?
        public var examplesPerSecond: Double?
    }

    /// Ranker tasks on explicit feedback: any rating, rating ≥ 4, rating 5.
    static let ratingTasks = MultiTaskRanker.Tasks(names: ["engage", "like", "love"], weights: [1, 0.5, 0.25])

    static func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    public static func run(data: InteractionDataset, split: DatasetSplit, options o: Options) throws -> [ResultRow] {
        let out = o.outputDirectory as NSString
        let splitDir = out.appendingPathComponent("split"), recsDir = out.appendingPathComponent("recs")
        try FileManager.default.createDirectory(atPath: recsDir, withIntermediateDirectories: true)
        try split.write(to: splitDir, dataset: data)
        log("\(o.datasetName) / \(o.protocolName): \(data.userCount) users, \(data.itemCount) items, "
            + "\(split.train.count) train, \(split.test.count) test rows → \(o.outputDirectory)")

        // Peers first (they run in another process while nothing else of ours is busy).
        var peerTimes: [String: Double] = [:]
        if let script = o.peersScript {
            log("peers: \(o.peerMethods)")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", script, "--split", splitDir, "--out", recsDir, "--methods", o.peerMethods]
            try p.run()
            p.waitUntilExit()
            if p.terminationStatus != 0 { log("peers exited with status \(p.terminationStatus); their rows are missing") }
            for m in o.peerMethods.split(separator: ",").map(String.init) {
                let j = recsDir + "/\(m).json"
                if let d = FileManager.default.contents(atPath: j),
                   let obj = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
                   let s = obj["train_seconds"] as? Double { peerTimes[m] = s }
            }
        }

        var relevant: [Int: Set<Int>] = [:]
        for e in split.test { relevant[Int(e.user), default: []].insert(Int(e.item)) }
        let testUsers = relevant.keys.sorted()

        // Stage A: fit the rankers on a validation hold-out carved from the training period.
        let (inner, validation) = holdOut(split.train, data: data, fraction: o.validationFraction, byTime: o.validationByTime,
                                          seed: o.retrieval.seed)
        log("stage A: two-tower on \(inner.count) rows, rankers on \(validation.count) held-out rows")
        // The towers' settings are chosen here, on the validation rows (never on test): the epoch count (up
        // to `retrieval.epochs`, stopping once NDCG@10 has not improved for `patience` epochs) and whether
        // the session context is used (it carries the next actions when test follows training in time,
        // and only sequence noise on a random split).
        let sessions = o.chooseSession && o.retrieval.sessionLength > 0 ? [o.retrieval.sessionLength, 0]
            : [o.retrieval.sessionLength]
        var best: FunnelStage?
        var stageASeconds = 0.0
        var regressionL2 = o.regressionCandidates > 0 && data.itemCount <= o.regressionItemLimit ? o.regressionL2 : []
        for length in sessions {
            var c = o.retrieval
            c.sessionLength = length
            let t0 = Date()
            let stage = FunnelStage(data: data, train: inner, configuration: c, showProgress: o.showProgress,
                                    label: "two-tower-validation(session \(length))", validation: validation,
                                    patience: o.patience, regressionL2: regressionL2)
            if let r = stage.regression { regressionL2 = [r.l2] }
            stageASeconds += Date().timeIntervalSince(t0)
            stageASeconds += stage.report.seconds
            if best == nil || (stage.validationNDCG.max() ?? 0) > (best!.validationNDCG.max() ?? 0) { best = stage }
        }
        let stageA = best!
        let fitted = RankerFitting.fit(stage: stageA, validation: validation, tasks: tasks(data), options: o)
        let (light, ranker, names) = (fitted.light, fitted.ranker, fitted.featureNames)
        let (lightSeconds, mtlSeconds) = (fitted.lightSeconds, fitted.rankerSeconds)
        var settings = o.rankers
        settings.showProgress = o.showProgress
        let labels = fitted.labels
        log("rankers: \(labels.count) examples (\(Int(labels.reduce(0, +))) positive), \(names.count) features")

        // Stage B: the full training period, evaluated on test.
        var chosen = o.retrieval
        chosen.epochs = stageA.bestEpoch ?? o.retrieval.epochs
        chosen.sessionLength = stageA.model.configuration.sessionLength
        log("stage B: two-tower on \(split.train.count) rows, \(chosen.epochs) epochs, session \(chosen.sessionLength) "
            + "(best on validation)")
        let stageB = FunnelStage(data: data, train: split.train, configuration: chosen, showProgress: o.showProgress,
                                 label: "two-tower", regressionL2: stageA.regression.map { [$0.l2] } ?? [])
        if let r = stageB.regression { log(String(format: "item regression λ %.0f (best on validation)", r.l2)) }
        log(String(format: "multi-task row: score = (1 − %.2f)·log P(light) + %.2f·log value (blend chosen on validation users)",
                   fitted.blend, fitted.blend))
        var towerLists: [Int: [Int]] = [:], lightLists: [Int: [Int]] = [:], rankedLists: [Int: [Int]] = [:]
        var rankedScores: [Int: [Float]] = [:]
        var popLists: [Int: [Int]] = [:], regressionLists: [Int: [Int]] = [:]
        for user in testUsers {
            let c = stageB.candidates(user: user, retrieval: max(o.retrievalCandidates, o.listLength),
                                      cooc: o.cooccurrenceCandidates, popularCount: o.popularCandidates,
                                      regressionCount: max(o.regressionCandidates, o.listLength))
            towerLists[user] = Array(c.retrievalList.prefix(o.listLength))
            if stageB.regression != nil { regressionLists[user] = Array(c.regressionList.prefix(o.listLength)) }
            popLists[user] = Array(stageB.popular.lazy.filter { !stageB.index.histories[user].contains($0) }.prefix(o.listLength))
            let m = Matrix(rows: c.items.count, columns: names.count, values: c.rows.flatMap { $0 })
            let p = light.probabilities(m)
            let byLight = c.items.indices.sorted { (p[$0], -c.items[$0]) > (p[$1], -c.items[$1]) }
            lightLists[user] = byLight.prefix(o.listLength).map { c.items[$0] }
            let kept = o.lightKeep > 0 ? Array(byLight.prefix(max(o.lightKeep, o.listLength))) : byLight
            let keptMatrix = LightRanker.gather(m, kept)
            let v = RankerFitting.blended(light: kept.map { p[$0] }, values: ranker.values(keptMatrix), blend: fitted.blend)
            let order = kept.indices.sorted { (v[$0], -kept[$0]) > (v[$1], -kept[$1]) }
            rankedLists[user] = order.prefix(o.listLength).map { c.items[kept[$0]] }
            rankedScores[user] = order.prefix(o.listLength).map { v[$0] }
        }
        try RecommendationLists.write(popLists, to: recsDir + "/popularity.csv", data: data)
        if !regressionLists.isEmpty {
            try RecommendationLists.write(regressionLists, to: recsDir + "/mosaic-item-regression.csv", data: data)
        }
        try RecommendationLists.write(towerLists, to: recsDir + "/mosaic-two-tower.csv", data: data)
        try RecommendationLists.write(lightLists, to: recsDir + "/mosaic-two-tower+light.csv", data: data)
        try RecommendationLists.write(rankedLists, to: recsDir + "/mosaic-two-tower+light+multitask.csv", data: data)
        for p in o.postProcessors {
            var lists: [Int: [Int]] = [:]
            for (user, items) in rankedLists { lists[user] = p.reorder(items, rankedScores[user] ?? [], stageB.itemVectors) }
            try RecommendationLists.write(lists, to: recsDir + "/mosaic-two-tower+light+multitask+\(p.name).csv", data: data)
        }
        let regressionSeconds = stageB.regressionSeconds ?? 0
        let rankerRate = Double(labels.count * settings.epochs) / max(lightSeconds + mtlSeconds, 1e-9)
        var times: [String: (Double, Double?)] = [
            "popularity": (0, nil),
            "mosaic-two-tower": (stageB.report.seconds, stageB.report.examplesPerSecond),
            "mosaic-two-tower+light": (stageB.report.seconds + regressionSeconds + stageASeconds + lightSeconds, nil),
            "mosaic-two-tower+light+multitask": (stageB.report.seconds + regressionSeconds + stageASeconds + lightSeconds + mtlSeconds
                                                 + fitted.blendSeconds,
                                                 rankerRate),
        ]
        if let r = stageB.regressionSeconds { times["mosaic-item-regression"] = (r, nil) }
        for (m, s) in peerTimes { times[m] = (s, nil) }

        // Score every list file in recs/ with the one implementation.
        var results: [ResultRow] = []
        let order = ["popularity", "item-knn", "implicit-als", "implicit-bpr", "cornac-bpr", "mosaic-item-regression",
                     "mosaic-two-tower", "mosaic-two-tower+light", "mosaic-two-tower+light+multitask"]
        let files = (try FileManager.default.contentsOfDirectory(atPath: recsDir)).filter { $0.hasSuffix(".csv") }
            .map { String($0.dropLast(4)) }
        let methods = order.filter(files.contains) + files.filter { !order.contains($0) }.sorted()
        for method in methods {
            let lists = try RecommendationLists.read(recsDir + "/\(method).csv", data: data)
            let m = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: data.itemCategories,
                                            catalogueSize: data.itemCount)
            results.append(ResultRow(dataset: o.datasetName, protocolName: o.protocolName, rows: "all", method: method,
                                     metrics: m, trainSeconds: times[method]?.0, examplesPerSecond: times[method]?.1))
        }

        // Cold items: test items with no training engagement, ranked among all such items.
        let cold = Set((0..<data.itemCount).filter { stageB.index.itemEngagements[$0] == 0 })
        var coldRelevant: [Int: Set<Int>] = [:]
        for (u, items) in relevant { let c = items.intersection(cold); if !c.isEmpty { coldRelevant[u] = c } }
        if !coldRelevant.isEmpty {
            var towerCold: [Int: [Int]] = [:], popCold: [Int: [Int]] = [:]
            for user in coldRelevant.keys.sorted() {
                let c = stageB.model.recommend(users: [user], data: data, index: stageB.index, k: o.listLength,
                                               items: stageB.itemVectors, candidates: cold)
                towerCold[user] = c[user]?.map(\.item) ?? []
                // Popularity has no signal among items nobody engaged with: its order there is arbitrary
                // (a seeded shuffle, not index order, which in MovieLens leaks global popularity).
                var shuffled = cold.sorted()
                var coldRandom = TrainingRandom(seed: UInt64(user) &+ 17)
                coldRandom.shuffle(&shuffled)
                popCold[user] = Array(shuffled.lazy.filter { !stageB.index.histories[user].contains($0) }.prefix(o.listLength))
            }
            for (method, lists) in [("popularity", popCold), ("mosaic-two-tower", towerCold)] {
                let m = RankingMetrics.evaluate(lists: lists, relevant: coldRelevant, itemCategories: data.itemCategories,
                                                catalogueSize: cold.count)
                results.append(ResultRow(dataset: o.datasetName, protocolName: o.protocolName, rows: "cold-items",
                                         method: method, metrics: m, trainSeconds: nil, examplesPerSecond: nil))
            }
        } else {
            log("no cold items in this split (every test item has training interactions)")
        }

        try save(results, to: out.appendingPathComponent("results.csv"))
        try stageB.model.save(to: out.appendingPathComponent("models/two-tower.model"))
        try light.save(to: out.appendingPathComponent("models/light-ranker.model"))
        try ranker.save(to: out.appendingPathComponent("models/multi-task-ranker.model"))
        if let plot = o.plotScript {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", plot, out.appendingPathComponent("results.csv"), out.appendingPathComponent("results.png")]
            try? p.run()
            p.waitUntilExit()
        }
        return results
    }

    /// The ranker heads for this log: explicit ratings learn engage / rating ≥ 4 / rating 5; engagement logs
    /// (the generated world) learn engage / like / save-or-share.
    static func tasks(_ data: InteractionDataset) -> MultiTaskRanker.Tasks {
        data.interactions.contains { $0.kind == .rating } ? ratingTasks : engagementTasks
    }

    static let engagementTasks = MultiTaskRanker.Tasks(names: ["engage", "like", "keep"], weights: [1, 0.5, 0.5])

    /// Per-user hold-out of `fraction` of the training rows: the latest ones, or a seeded random choice.
    static func holdOut(_ train: [Interaction], data: InteractionDataset, fraction: Double, byTime: Bool, seed: UInt64)
        -> (inner: [Interaction], validation: [Interaction]) {
        var byUser = [[Interaction]](repeating: [], count: data.userCount)
        for e in train { byUser[Int(e.user)].append(e) }
        var random = TrainingRandom(seed: seed &+ 99)
        var inner: [Interaction] = [], validation: [Interaction] = []
        for var rows in byUser {
            if byTime { rows.sort { ($0.timestamp, $0.item) < ($1.timestamp, $1.item) } } else { random.shuffle(&rows) }
            let held = rows.count < 3 ? 0 : max(1, Int((Double(rows.count) * fraction).rounded()))
            inner += rows[..<(rows.count - held)]
            validation += rows[(rows.count - held)...]
        }
        return (inner, validation)
    }

    public static func save(_ rows: [ResultRow], to path: String) throws {
        var s = "dataset,protocol,rows,method," + RankingMetrics.columns.joined(separator: ",") + ",train_seconds,examples_per_second\n"
        for r in rows {
            s += "\(r.dataset),\(r.protocolName),\(r.rows),\(r.method),"
            s += r.metrics.values.map { String(format: "%.4f", $0) }.joined(separator: ",")
            s += "," + (r.trainSeconds.map { String(format: "%.1f", $0) } ?? "")
            s += "," + (r.examplesPerSecond.map { String(format: "%.0f", $0) } ?? "") + "\n"
        }
        try s.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The results as a markdown table (the README's format).
    public static func markdown(_ rows: [ResultRow]) -> String {
        var s = "| dataset | protocol | rows | method | recall@10 | recall@100 | hit@100 | NDCG@10 | MRR | coverage@10 | diversity@10 | train s |\n"
        s += "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            let m = r.metrics
            s += "| \(r.dataset) | \(r.protocolName) | \(r.rows) | \(r.method) | "
            s += [m.recallAt10, m.recallAt100, m.hitRateAt100, m.ndcgAt10, m.mrr, m.coverageAt10, m.intraListDiversity]
                .map { String(format: "%.3f", $0) }.joined(separator: " | ")
            s += " | " + (r.trainSeconds.map { String(format: "%.1f", $0) } ?? "–") + " |\n"
        }
        return s
    }
}

/// A named re-ordering of a ranked list: the items, their final scores, and the catalogue's item vectors (rows
/// indexed by item) in, the new order out.
public struct ListPostProcessor: Sendable {
    public var name: String
    public var reorder: @Sendable (_ items: [Int], _ scores: [Float], _ itemVectors: Matrix) -> [Int]
    public init(name: String, reorder: @escaping @Sendable (_ items: [Int], _ scores: [Float], _ itemVectors: Matrix) -> [Int]) {
        self.name = name; self.reorder = reorder
    }
}
