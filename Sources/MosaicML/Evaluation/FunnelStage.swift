import Foundation

/// Mosaic's offline funnel for one training log: the two towers, co-engagement and popularity as candidate
/// sources, and the candidate features the rankers read. Trained once for validation (to fit the rankers)
/// and once on the full training period (to produce the evaluated lists).
struct FunnelStage {
    let data: InteractionDataset
    let model: TwoTowerModel
    let report: TwoTowerTrainer.Report
    let index: EngagementIndex
    let cooccurrence: ItemCooccurrence
    /// The closed-form item-to-item regression (EASE); nil for catalogues too large to invert.
    let regression: ItemRegression?
    /// Its L2 strength's validation NDCG@10, per value tried (empty without a validation log).
    let regressionValidation: [(l2: Double, ndcg: Double)]
    /// Wall time to build the regression that was kept (nil without one).
    let regressionSeconds: Double?
    let features: CandidateFeatures
    let popular: [Int]
    let itemVectors: Matrix
    /// With a validation log: the epoch whose model ranked it best (NDCG@10), and that score per epoch.
    let bestEpoch: Int?
    let validationNDCG: [Double]

    /// Trains the towers on `train`. With `validation` (held-out rows of the same training period), the
    /// model is scored on it after every epoch and the best epoch's model is kept; training stops after
    /// `patience` epochs without improvement.
    init(data: InteractionDataset, train: [Interaction], configuration: TwoTowerConfiguration, showProgress: Bool,
         label: String, validation: [Interaction]? = nil, patience: Int = 2, regressionL2: [Double] = []) {
        self.data = data
        let index = EngagementIndex(positives: train, userCount: data.userCount, itemCount: data.itemCount,
                                    velocityWindow: configuration.velocityWindowSeconds)
        self.index = index
        let trainer = TwoTowerTrainer(configuration: configuration, showProgress: showProgress)
        if let validation {
            var relevant: [Int: Set<Int>] = [:]
            for e in validation { relevant[Int(e.user), default: []].insert(Int(e.item)) }
            let users = relevant.keys.sorted()
            var best: (epoch: Int, score: Double, model: TwoTowerModel)?
            var scores: [Double] = []
            let trained = trainer.train(data: data, positives: train, version: label) { epoch, model in
                let lists = model.recommend(users: users, data: data, index: index, k: 10).mapValues { $0.map(\.item) }
                let ndcg = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: data.itemCategories,
                                                   catalogueSize: data.itemCount).ndcgAt10
                scores.append(ndcg)
                OfflineEvaluation.log(String(format: "  %@ epoch %d: validation NDCG@10 %.4f", label, epoch, ndcg))
                if best == nil || ndcg > best!.score { best = (epoch, ndcg, model) }
                return epoch - best!.epoch < patience
            }
            model = best?.model ?? trained.model
            bestEpoch = best?.epoch
            validationNDCG = scores
            report = trained.report
        } else {
            let trained = trainer.train(data: data, positives: train, version: label)
            model = trained.model
            report = trained.report
            bestEpoch = nil
            validationNDCG = []
        }
        cooccurrence = ItemCooccurrence(index: index, itemCount: data.itemCount)
        // The regression's L2 strength is chosen like the towers' epochs: on the validation rows, never on test.
        var tried: [(l2: Double, ndcg: Double)] = []
        var chosen: ItemRegression?
        var regressionTime: Double?
        if let validation, regressionL2.count > 1 {
            var relevant: [Int: Set<Int>] = [:]
            for e in validation { relevant[Int(e.user), default: []].insert(Int(e.item)) }
            for l2 in regressionL2 {
                let r = ItemRegression(histories: index.histories, itemCount: data.itemCount, l2: l2)
                var lists: [Int: [Int]] = [:]
                for user in relevant.keys {
                    let s = r.scores(history: index.histories[user])
                    lists[user] = s.withUnsafeBufferPointer {
                        RecommendationLists.topK($0, k: 10, excluded: Set(index.histories[user]))
                    }
                }
                let ndcg = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: data.itemCategories,
                                                   catalogueSize: data.itemCount).ndcgAt10
                OfflineEvaluation.log(String(format: "  item regression λ %.0f: validation NDCG@10 %.4f", l2, ndcg))
                tried.append((l2, ndcg))
                if ndcg > (tried.dropLast().map(\.ndcg).max() ?? -1) { chosen = r }
            }
        } else if let l2 = regressionL2.first {
            let t0 = Date()
            chosen = ItemRegression(histories: index.histories, itemCount: data.itemCount, l2: l2)
            regressionTime = Date().timeIntervalSince(t0)
        }
        regression = chosen
        regressionSeconds = regressionTime
        regressionValidation = tried
        features = CandidateFeatures(data: data, train: train, index: index)
        popular = PopularityRecommender(positives: train, itemCount: data.itemCount)
            .recommend(k: data.itemCount, excluding: [])
        itemVectors = model.catalogueVectors(data: data, index: index)
    }

    struct UserCandidates {
        var items: [Int]
        var rows: [[Float]]
        var retrievalList: [Int]
        var coocList: [Int]
        var regressionList: [Int]
    }

    /// Candidates for `user` from every source (training items excluded), with their feature rows.
    func candidates(user: Int, retrieval: Int, cooc: Int, popularCount: Int, regressionCount: Int = 0,
                    restrictTo: Set<Int>? = nil) -> UserCandidates {
        let seen = Set(index.histories[user])
        var excluded = seen
        if let restrictTo { excluded.formUnion(Set(0..<data.itemCount).subtracting(restrictTo)) }
        let u = model.userVectors([index.userInput(user, data: data, sessionLength: model.configuration.sessionLength)])
        let scores = MatrixKernels.multiplyTransposed(u, itemVectors).values
        let coocScores = cooccurrence.scores(history: index.histories[user])
        let retrievalList = scores.withUnsafeBufferPointer { RecommendationLists.topK($0, k: retrieval, excluded: excluded) }
        let coocList = coocScores.withUnsafeBufferPointer { RecommendationLists.topK($0, k: cooc, excluded: excluded) }
        let popularList = Array(popular.lazy.filter { !excluded.contains($0) }.prefix(popularCount))
        let regressionScores = regression?.scores(history: index.histories[user])
        let regressionList = regressionScores.map { s in
            s.withUnsafeBufferPointer { RecommendationLists.topK($0, k: regressionCount, excluded: excluded) }
        } ?? []
        var retrievalRank: [Int: Int] = [:], coocRank: [Int: Int] = [:], regressionRank: [Int: Int] = [:]
        for (r, i) in retrievalList.enumerated() { retrievalRank[i] = r }
        for (r, i) in coocList.enumerated() { coocRank[i] = r }
        for (r, i) in regressionList.enumerated() { regressionRank[i] = r }
        let popularSet = Set(popularList)
        var items: [Int] = [], seenCandidate = Set<Int>()
        for i in retrievalList + coocList + regressionList + popularList where seenCandidate.insert(i).inserted {
            items.append(i)
        }
        let rows = items.map { i in
            features.row(user: user, item: i, signals: .init(
                retrievalScore: scores[i], retrievalRank: retrievalRank[i], coocScore: coocScores[i],
                coocRank: coocRank[i], inPopular: popularSet.contains(i),
                regressionScore: regressionScores?[i] ?? 0, regressionRank: regressionRank[i]), cooccurrence: cooccurrence)
        }
        return UserCandidates(items: items, rows: rows, retrievalList: retrievalList, coocList: coocList,
                              regressionList: regressionList)
    }
}
