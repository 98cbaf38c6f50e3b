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
    let features: CandidateFeatures
    let popular: [Int]
    let itemVectors: Matrix

    init(data: InteractionDataset, train: [Interaction], configuration: TwoTowerConfiguration, showProgress: Bool,
         label: String) {
        self.data = data
        let trained = TwoTowerTrainer(configuration: configuration, showProgress: showProgress)
            .train(data: data, positives: train, version: label)
        model = trained.model
        report = trained.report
        index = EngagementIndex(positives: train, userCount: data.userCount, itemCount: data.itemCount,
                                velocityWindow: configuration.velocityWindowSeconds)
        cooccurrence = ItemCooccurrence(index: index, itemCount: data.itemCount)
        features = CandidateFeatures(data: data, train: train, index: index)
        popular = PopularityRecommender(positives: train, itemCount: data.itemCount)
            .recommend(k: data.itemCount, excluding: [])
        itemVectors = model.catalogueVectors(data: data, index: index)
    }

    struct UserCandidates {
        var items: [Int]
        var rows: [[Float]]
        var retrievalList: [Int]
    }

    /// Candidates for `user` from every source (training items excluded), with their feature rows.
    func candidates(user: Int, retrieval: Int, cooc: Int, popularCount: Int, restrictTo: Set<Int>? = nil) -> UserCandidates {
        let seen = Set(index.histories[user])
        var excluded = seen
        if let restrictTo { excluded.formUnion(Set(0..<data.itemCount).subtracting(restrictTo)) }
        let u = model.userVectors([index.userInput(user, data: data, sessionLength: model.configuration.sessionLength)])
        let scores = MatrixKernels.multiplyTransposed(u, itemVectors).values
        let coocScores = cooccurrence.scores(history: index.histories[user])
        let retrievalList = scores.withUnsafeBufferPointer { RecommendationLists.topK($0, k: retrieval, excluded: excluded) }
        let coocList = coocScores.withUnsafeBufferPointer { RecommendationLists.topK($0, k: cooc, excluded: excluded) }
        let popularList = Array(popular.lazy.filter { !excluded.contains($0) }.prefix(popularCount))
        var retrievalRank: [Int: Int] = [:], coocRank: [Int: Int] = [:]
        for (r, i) in retrievalList.enumerated() { retrievalRank[i] = r }
        for (r, i) in coocList.enumerated() { coocRank[i] = r }
        let popularSet = Set(popularList)
        var items: [Int] = [], seenCandidate = Set<Int>()
        for i in retrievalList + coocList + popularList where seenCandidate.insert(i).inserted { items.append(i) }
        let rows = items.map { i in
            features.row(user: user, item: i, signals: .init(
                retrievalScore: scores[i], retrievalRank: retrievalRank[i], coocScore: coocScores[i],
                coocRank: coocRank[i], inPopular: popularSet.contains(i)), cooccurrence: cooccurrence)
        }
        return UserCandidates(items: items, rows: rows, retrievalList: retrievalList)
    }
}
