import MosaicExplore
import MosaicML

/// Explore's post-processing applied to `mosaic eval`'s final lists, so MMR and category quotas are measured
/// offline: intra-list diversity gained against NDCG lost, on the same held-out rows as every other method.
enum DiversityPostProcessing {
    /// MMR (λ as Explore's default) on the two-tower item vectors; the quota as Explore's (≤ 30 % of a page per
    /// category) on pages of 10, the depth NDCG@10 and diversity@10 read; and both.
    static func variants(categories: [[Int]], lambda: Float = 0.7, pageSize: Int = 10, maxShare: Double = 0.3) -> [ListPostProcessor] {
        let mmr: @Sendable ([Int], [Float], Matrix) -> [Int] = { items, scores, vectors in
            guard scores.count == items.count, !items.isEmpty else { return items }
            let d = vectors.columns
            var rows = [Float](repeating: 0, count: items.count * d)
            for (i, item) in items.enumerated() where item < vectors.rows {
                var norm: Float = 0
                for j in 0..<d { norm += vectors.values[item * d + j] * vectors.values[item * d + j] }
                let inv = norm > 0 ? 1 / norm.squareRoot() : 0
                for j in 0..<d { rows[i * d + j] = vectors.values[item * d + j] * inv }
            }
            return MMR.rerank(relevance: scores, vectors: rows, dimension: d, lambda: lambda, k: items.count).map { items[$0] }
        }
        let quota: @Sendable ([Int]) -> [Int] = { items in
            let primary = items.map { $0 < categories.count ? categories[$0].first.map(String.init) ?? "" : "" }
            return CategoryQuota.apply(categories: primary, uncategorised: "", pageSize: pageSize, maxShare: maxShare).map { items[$0] }
        }
        return [
            ListPostProcessor(name: "mmr") { items, scores, vectors in mmr(items, scores, vectors) },
            ListPostProcessor(name: "quota") { items, _, _ in quota(items) },
            ListPostProcessor(name: "mmr+quota") { items, scores, vectors in quota(mmr(items, scores, vectors)) },
        ]
    }
}
