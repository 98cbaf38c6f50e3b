import Foundation

/// Builds the rankers' ~50 features for (user, candidate) pairs in offline evaluation: retrieval score and
/// rank, co-engagement score, item statistics (popularity, velocity, mean label, age), user statistics and
/// user–category affinity, the item's category one-hots, and a few crosses. Explore computes the same kind
/// of features from its live catalogue (MosaicExplore's `RankingFeatures`).
public struct CandidateFeatures {
    public let names: [String]
    let data: InteractionDataset
    let index: EngagementIndex
    let itemMeanLabel: [Float]
    let userMeanLabel: [Float]
    let userCategoryShare: [[Float]]
    let popularityPercentile: [Float]
    let maxLogPopularity: Float

    public init(data: InteractionDataset, train: [Interaction], index: EngagementIndex) {
        self.data = data
        self.index = index
        var itemSum = [Float](repeating: 0, count: data.itemCount), itemN = itemSum
        var userSum = [Float](repeating: 0, count: data.userCount), userN = userSum
        for e in train {
            itemSum[Int(e.item)] += e.label; itemN[Int(e.item)] += 1
            userSum[Int(e.user)] += e.label; userN[Int(e.user)] += 1
        }
        let globalMean = itemSum.reduce(0, +) / max(itemN.reduce(0, +), 1)
        // Shrunk toward the global mean so a single rating does not look like certainty.
        itemMeanLabel = (0..<data.itemCount).map { (itemSum[$0] + 5 * globalMean) / (itemN[$0] + 5) }
        userMeanLabel = (0..<data.userCount).map { (userSum[$0] + 5 * globalMean) / (userN[$0] + 5) }
        let cats = data.categories.count
        userCategoryShare = index.histories.map { h in
            var share = [Float](repeating: 0, count: cats)
            var total: Float = 0
            for i in h { for c in data.itemCategories[i] { share[c] += 1; total += 1 } }
            if total > 0 { for c in share.indices { share[c] /= total } }
            return share
        }
        let order = (0..<data.itemCount).sorted { index.itemEngagements[$0] < index.itemEngagements[$1] }
        var pct = [Float](repeating: 0, count: data.itemCount)
        for (rank, i) in order.enumerated() { pct[i] = Float(rank) / Float(max(data.itemCount - 1, 1)) }
        popularityPercentile = pct
        maxLogPopularity = logf(1 + Float(index.itemEngagements.max() ?? 0))
        var n = ["retrieval_score", "retrieval_log_rank", "in_retrieval", "cooc_score", "cooc_mean", "cooc_max",
                 "cooc_log_rank", "in_cooc", "log_popularity", "log_recent_popularity", "popularity_percentile",
                 "in_popular", "user_log_activity", "category_affinity", "category_affinity_max", "item_log_age",
                 "item_mean_label", "user_mean_label", "item_minus_user_label", "item_category_count"]
        n += data.categories.map { "category_\($0)" }
        n += ["retrieval_x_affinity", "cooc_x_popularity", "retrieval_x_cooc", "retrieval_sq", "cooc_mean_sq",
              "popularity_x_affinity", "log_popularity_sq", "retrieval_x_popularity",
              "regression_score", "regression_log_rank", "in_regression", "regression_x_retrieval"]
        names = n
    }

    /// Per-candidate signals from the candidate sources.
    public struct Signals {
        public var retrievalScore: Float
        public var retrievalRank: Int?
        public var coocScore: Float
        public var coocRank: Int?
        public var inPopular: Bool
        /// The item-to-item regression's score and rank (0 / nil when the catalogue is too large for it).
        public var regressionScore: Float
        public var regressionRank: Int?
        public init(retrievalScore: Float, retrievalRank: Int?, coocScore: Float, coocRank: Int?, inPopular: Bool,
                    regressionScore: Float = 0, regressionRank: Int? = nil) {
            self.retrievalScore = retrievalScore
            self.retrievalRank = retrievalRank
            self.coocScore = coocScore
            self.coocRank = coocRank
            self.inPopular = inPopular
            self.regressionScore = regressionScore
            self.regressionRank = regressionRank
        }
    }

    public func row(user: Int, item: Int, signals s: Signals, cooccurrence: ItemCooccurrence) -> [Float] {
        let h = index.histories[user]
        let hn = Float(max(h.count, 1))
        let logPop = logf(1 + Float(index.itemEngagements[item])) / max(maxLogPopularity, 1)
        let share = userCategoryShare[user]
        let cats = data.itemCategories[item]
        let affinity = cats.isEmpty ? 0 : cats.reduce(Float(0)) { $0 + share[$1] } / Float(cats.count)
        let affinityMax = cats.map { share[$0] }.max() ?? 0
        let created = data.items[item].createdAt
        let ageDays = created.map { Float(max(0, index.endTime - $0)) / 86400 } ?? 0
        let coocMean = s.coocScore / hn
        var f: [Float] = [
            s.retrievalScore, logf(2 + Float(s.retrievalRank ?? 1000)), s.retrievalRank == nil ? 0 : 1,
            s.coocScore, coocMean, cooccurrence.maxSimilarity(history: h, item: item),
            logf(2 + Float(s.coocRank ?? 1000)), s.coocRank == nil ? 0 : 1,
            logPop, logf(1 + Float(index.recentItemEngagements[item])), popularityPercentile[item], s.inPopular ? 1 : 0,
            logf(1 + Float(h.count)), affinity, affinityMax, logf(1 + ageDays),
            itemMeanLabel[item], userMeanLabel[user], itemMeanLabel[item] - userMeanLabel[user], Float(cats.count),
        ]
        var oneHot = [Float](repeating: 0, count: data.categories.count)
        for c in cats { oneHot[c] = 1 }
        f += oneHot
        f += [s.retrievalScore * affinity, coocMean * logPop, s.retrievalScore * coocMean, s.retrievalScore * s.retrievalScore,
              coocMean * coocMean, logPop * affinity, logPop * logPop, s.retrievalScore * logPop,
              s.regressionScore, logf(2 + Float(s.regressionRank ?? 1000)), s.regressionRank == nil ? 0 : 1,
              s.regressionScore * s.retrievalScore]
        return f
    }
}
