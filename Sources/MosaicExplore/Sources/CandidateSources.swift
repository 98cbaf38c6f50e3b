import Foundation
import MosaicCore

/// The candidate sources of the funnel's first stage. Each returns policy-clean candidates, attributed.
enum CandidateSources {
    /// The first `limit` entries of `pool` that pass `keep`, tested in place: a lazy filter copies every entry
    /// it tests, and a request tests thousands of pooled entries.
    static func first(_ limit: Int, of pool: [CatalogEntry], where keep: (CatalogEntry) -> Bool) -> [CatalogEntry] {
        var out: [CatalogEntry] = []
        out.reserveCapacity(min(max(limit, 0), pool.count))
        var i = 0
        while i < pool.count && out.count < limit {
            if keep(pool[i]) { out.append(pool[i]) }
            i += 1
        }
        return out
    }

    /// Posts of the last 30 minutes, newest first: fresh content that bypasses the index entirely.
    static func hot(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        let since = ctx.now.addingTimeInterval(-30 * 60)
        return first(limit, of: pools.hot) { $0.createdAt >= since && ctx.allows($0) }
            .map { e in
                let interested = ctx.affinity(e.categoryCode) > 0.15
                return Candidate(e, source: .hot, retrievalScore: interested ? 0.6 : 0.3,
                                 reason: interested ? .newInLikedCategory(e.categoryCode) : .justPosted)
            }
    }

    /// How much more a post by an author of the viewer's region counts in the popular and interest sources: it
    /// scores as if it were this many times as popular, so the region comes first among posts of similar
    /// popularity without hiding a much more popular post from elsewhere.
    static let regionBoost: Float = 2

    /// Passes the viewer's policy and is by an author outside the viewer's region (whose posts come from the
    /// regional pools): the filter for the everywhere pools once the regional ones are read.
    static func allowedElsewhere(_ ctx: ExploreContext) -> (CatalogEntry) -> Bool {
        { (ctx.regionCode == 0 || $0.authorRegionCode != ctx.regionCode) && ctx.allows($0) }
    }

    /// Popular in the viewer's region (falling back to everywhere): the cold-start source.
    static func popular(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        var regional = ctx.region.isEmpty ? [] : first(limit, of: pools.popularByRegion[ctx.region] ?? [], where: ctx.allows)
        let reasonRegion = !regional.isEmpty
        if regional.count < limit {
            regional += first(limit - regional.count, of: pools.popular, where: allowedElsewhere(ctx))
        }
        let scored = regional.map { e in
            (e, e.popularity(now: ctx.now) * (reasonRegion && e.authorRegionCode == ctx.regionCode ? regionBoost : 1))
        }.sorted { $0.1 > $1.1 }.prefix(limit)
        let top = scored.first?.1 ?? 1
        return scored.map { e, p in
            let reason: Reason = reasonRegion && e.authorRegionCode == ctx.regionCode ? .popularInRegion
                : (e.categoryCode == 0 ? .popularRightNow : .popularIn(e.categoryCode))
            return Candidate(e, source: .popular, retrievalScore: top > 0 ? p / top : 0, reason: reason)
        }
    }

    /// Popular posts in categories the viewer has chosen or engaged with (the session-interest fallback, and
    /// the cold start's "popular in your region within your interests": the region's posts of each category are
    /// read from their own pool and boosted by `regionBoost`).
    static func interests(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        guard !ctx.interests.isEmpty else { return [] }
        var scored: [(CatalogEntry, Float, local: Bool)] = []
        let regional = ctx.region.isEmpty ? [:] : pools.popularByRegionCategory[ctx.region] ?? [:]
        for (category, a) in ctx.interests where a > 0 {
            for e in first(limit, of: regional[category] ?? [], where: ctx.allows) {
                scored.append((e, regionBoost * a * e.popularity(now: ctx.now), true))
            }
            for e in first(limit, of: pools.popularByCategory[category] ?? [], where: allowedElsewhere(ctx)) {
                scored.append((e, a * e.popularity(now: ctx.now), false))
            }
        }
        scored = Array(scored.sorted { $0.1 > $1.1 }.prefix(limit))
        let top = scored.first?.1 ?? 1
        return scored.map { e, s, local in
            Candidate(e, source: .popular, retrievalScore: top > 0 ? s / top : 0,
                      reason: local ? .popularInRegionIn(e.categoryCode) : .becauseYouLike(e.categoryCode))
        }
    }
}
