import Foundation

/// Top-k metrics over per-user recommendation lists against held-out relevant items. One implementation
/// scores every method (Mosaic's and the Python peers'), so rows of the table are comparable.
/// Definitions follow Microsoft Recommenders: binary relevance, recall = hits / |relevant|, NDCG with the
/// ideal DCG over min(k, |relevant|), averaged over users with at least one relevant item.
public struct RankingMetrics: Sendable, Equatable {
    public var users = 0
    public var recallAt10: Double = 0
    public var recallAt100: Double = 0
    public var hitRateAt100: Double = 0
    public var ndcgAt10: Double = 0
    public var mrr: Double = 0
    /// Share of the catalogue that appears in some user's top 10.
    public var coverageAt10: Double = 0
    /// Mean over users of 1 − mean pairwise category cosine within the top 10.
    public var intraListDiversity: Double = 0

    public static let columns = ["users", "recall@10", "recall@100", "hit@100", "ndcg@10", "mrr", "coverage@10",
                                 "diversity@10"]
    public var values: [Double] {
        [Double(users), recallAt10, recallAt100, hitRateAt100, ndcgAt10, mrr, coverageAt10, intraListDiversity]
    }

    /// - Parameters:
    ///   - lists: ranked item indices per user (best first); users without a list count as all misses.
    ///   - relevant: held-out items per user; users with none are skipped.
    ///   - itemCategories: category indices per item (for diversity); `catalogueSize` for coverage.
    public static func evaluate(lists: [Int: [Int]], relevant: [Int: Set<Int>], itemCategories: [[Int]],
                                catalogueSize: Int) -> RankingMetrics {
        var m = RankingMetrics()
        var covered = Set<Int>()
        var diversitySum = 0.0, diversityUsers = 0
        for (user, rel) in relevant where !rel.isEmpty {
            m.users += 1
            let list = lists[user] ?? []
            var hits10 = 0, hits100 = 0, dcg = 0.0, rr = 0.0
            for (rank, item) in list.prefix(100).enumerated() where rel.contains(item) {
                if rank < 10 { hits10 += 1; dcg += 1 / log2(Double(rank) + 2) }
                hits100 += 1
                if rr == 0 { rr = 1 / Double(rank + 1) }
            }
            var idcg = 0.0
            for r in 0..<min(10, rel.count) { idcg += 1 / log2(Double(r) + 2) }
            m.recallAt10 += Double(hits10) / Double(rel.count)
            m.recallAt100 += Double(hits100) / Double(rel.count)
            m.hitRateAt100 += hits100 > 0 ? 1 : 0
            m.ndcgAt10 += dcg / idcg
            m.mrr += rr
            let top = Array(list.prefix(10))
            covered.formUnion(top)
            if top.count > 1 {
                diversitySum += 1 - meanPairwiseCosine(top, itemCategories)
                diversityUsers += 1
            }
        }
        let n = Double(max(m.users, 1))
        m.recallAt10 /= n; m.recallAt100 /= n; m.hitRateAt100 /= n; m.ndcgAt10 /= n; m.mrr /= n
        m.coverageAt10 = Double(covered.count) / Double(max(catalogueSize, 1))
        m.intraListDiversity = diversityUsers > 0 ? diversitySum / Double(diversityUsers) : 0
        return m
    }

    static func meanPairwiseCosine(_ items: [Int], _ categories: [[Int]]) -> Double {
        var sum = 0.0, pairs = 0
        for a in 0..<items.count {
            for b in (a + 1)..<items.count {
                let ca = items[a] < categories.count ? categories[items[a]] : []
                let cb = items[b] < categories.count ? categories[items[b]] : []
                pairs += 1
                guard !ca.isEmpty, !cb.isEmpty else { continue }
                let shared = Set(ca).intersection(cb).count
                sum += Double(shared) / (Double(ca.count) * Double(cb.count)).squareRoot()
            }
        }
        return pairs > 0 ? sum / Double(pairs) : 0
    }
}
