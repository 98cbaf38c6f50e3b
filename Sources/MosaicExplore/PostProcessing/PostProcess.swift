import Foundation
import MosaicCore
import MosaicRealtime

extension ExploreFunnel {
    /// MMR on item vectors → category quota → exploration slots → trend injection (from `trends`, the request's
    /// read of the live trends; nil without a trend detector) → reserved trial slots.
    func postProcess(_ ranked: [Candidate], pools: CandidatePools, ctx: ExploreContext,
                     trends: [(post: PostID, category: String, velocity: Float)]?, trialSlots: [TrialSlot] = []) -> [Candidate] {
        guard !ranked.isEmpty else { return [] }
        // MMR over item vectors; without an index, a descriptor of category and author keeps same-category and
        // same-author posts apart, which is what diversity means to a person scrolling.
        let vectors: [Float], dim: Int
        if let stored = retrieval?.itemVectors(ranked.map(\.postID)), stored.dimension > 0, stored.found.first == true {
            (vectors, dim) = (stored.rows, stored.dimension)   // a post missing from the index keeps a zero row: similar to nothing
        } else {
            (vectors, dim) = (ranked.flatMap { Self.fallbackVector(category: $0.categoryCode, author: $0.authorID) }, Self.fallbackDimension)
        }
        let mmr = MMR.rerank(relevance: ranked.map(\.value), vectors: vectors, dimension: dim, lambda: config.mmrLambda, k: ranked.count)
        var out = mmr.map { ranked[$0] }
        let quota = CategoryQuota.apply(categories: out.map(\.categoryCode), uncategorised: 0, pageSize: config.pageSize, maxShare: config.maxCategoryShare)
        out = quota.map { out[$0] }

        // Exploration: ~10 % of slots from popular posts outside the viewer's inferred interests.
        let present = Set(out.map(\.postID))
        let known = Set(ctx.topInterests.prefix(3).map(InterestCategory.code))
        let explore = pools.popular.lazy.filter {
            !present.contains($0.postID) && !known.contains($0.categoryCode) && $0.categoryCode != 0 && ctx.allows($0)
        }
        var exploreIt = explore.makeIterator()
        let every = max(2, Int((1 / max(config.explorationShare, 0.01)).rounded()))
        var withExploration: [Candidate] = []
        for (i, c) in out.enumerated() {
            if i > 0, i % every == every - 1, let e = exploreIt.next() {
                var x = Candidate(e, source: .exploration, retrievalScore: 0, reason: .somethingNew(e.categoryCode))
                x.value = c.value
                withExploration.append(x)
            }
            withExploration.append(c)
        }
        out = withExploration

        // Trend injection: 1–3 trending posts per page, favouring the viewer's categories.
        if let live = trends {
            let used = Set(out.map(\.postID))
            var entries: [PostID: CatalogEntry] = [:]
            for case let e? in catalog.entries(of: live.map(\.post)) where ctx.allows(e) { entries[e.postID] = e }
            /// Velocity weighted by the viewer's affinity for the trend's category, computed once per trend.
            func weight(_ t: (post: PostID, category: String, velocity: Float)) -> Float {
                t.velocity * (1 + (ctx.interests[t.category] ?? 0) * 4)
            }
            let byWeight = live.filter { !used.contains($0.post) && entries[$0.post] != nil }
                .map { (trend: $0, weight: weight($0)) }
                .sorted { $0.weight > $1.weight }
                .map(\.trend)
            var trendIt = byWeight.makeIterator()
            var withTrends: [Candidate] = []
            let perPage = max(1, min(3, config.trendingPerPage))
            let slots = Set((0..<perPage).map { ($0 + 1) * config.pageSize / (perPage + 1) })
            for (i, c) in out.enumerated() {
                if slots.contains(i % config.pageSize), let t = trendIt.next(), let e = entries[t.post] {
                    var x = Candidate(e, source: .trending, retrievalScore: t.velocity,
                                      reason: e.categoryCode == 0 ? .trendingNow : .trendingIn(e.categoryCode))
                    x.value = c.value
                    withTrends.append(x)
                }
                withTrends.append(c)
            }
            out = withTrends
        }
        return insertTrialSlots(out, trialSlots, ctx: ctx)
    }

    static let fallbackDimension = InterestCategory.all.count + 16

    /// One-hot category plus a hashed author bucket, unit length.
    static func fallbackVector(category: UInt8, author: UserID) -> [Float] {
        var v = [Float](repeating: 0, count: fallbackDimension)
        if category != 0 { v[Int(category) - 1] = 0.8 }
        v[InterestCategory.all.count + Int(author.rawValue % 16)] = 0.6
        let norm = sqrt(v.reduce(0) { $0 + $1 * $1 })
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
