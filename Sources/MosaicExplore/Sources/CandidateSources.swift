import Foundation
import MosaicCore

/// The candidate sources of the funnel's first stage. Each returns policy-clean candidates, attributed.
enum CandidateSources {
    /// Posts of the last 30 minutes, newest first: fresh content that bypasses the index entirely.
    static func hot(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        let since = ctx.now.addingTimeInterval(-30 * 60)
        return pools.hot.lazy.filter { $0.createdAt >= since && ctx.allows($0) }
            .prefix(limit)
            .map { e in
                let interested = (ctx.interests[e.category] ?? 0) > 0.15
                let reason = interested ? "New in \(e.category), which you like" : "Just posted"
                return Candidate(postID: e.postID, authorID: e.authorID, category: e.category, createdAt: e.createdAt,
                                 source: .hot, retrievalScore: interested ? 0.6 : 0.3, reasons: [reason])
            }
    }

    /// Popular in the viewer's region (falling back to everywhere): the cold-start source.
    static func popular(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        var regional = ctx.region.isEmpty ? [] : Array((pools.popularByRegion[ctx.region] ?? []).lazy.filter(ctx.allows).prefix(limit))
        let reasonRegion = !regional.isEmpty
        if regional.count < limit {
            regional += pools.popular.lazy.filter { (ctx.region.isEmpty || $0.authorRegion != ctx.region) && ctx.allows($0) }
                .prefix(limit - regional.count)
        }
        let scored = regional.map { ($0, $0.popularity(now: ctx.now)) }.sorted { $0.1 > $1.1 }.prefix(limit)
        let top = scored.first?.1 ?? 1
        return scored.map { e, p in
            let reason = reasonRegion && e.authorRegion == ctx.region ? "Popular in your region"
                : (e.category.isEmpty ? "Popular right now" : "Popular in \(e.category)")
            return Candidate(postID: e.postID, authorID: e.authorID, category: e.category, createdAt: e.createdAt,
                             source: .popular, retrievalScore: top > 0 ? p / top : 0, reasons: [reason])
        }
    }

    /// Popular posts in categories the viewer has chosen or engaged with (the session-interest fallback).
    static func interests(_ pools: CandidatePools, _ ctx: ExploreContext, limit: Int) -> [Candidate] {
        guard !ctx.interests.isEmpty else { return [] }
        var scored: [(CatalogEntry, Float)] = []
        for (category, a) in ctx.interests where a > 0 {
            for e in (pools.popularByCategory[category] ?? []).lazy.filter(ctx.allows).prefix(limit) {
                scored.append((e, a * e.popularity(now: ctx.now)))
            }
        }
        scored = Array(scored.sorted { $0.1 > $1.1 }.prefix(limit))
        let top = scored.first?.1 ?? 1
        return scored.map { e, s in
            Candidate(postID: e.postID, authorID: e.authorID, category: e.category, createdAt: e.createdAt,
                      source: .popular, retrievalScore: top > 0 ? s / top : 0, reasons: ["Because you like \(e.category)"])
        }
    }
}
