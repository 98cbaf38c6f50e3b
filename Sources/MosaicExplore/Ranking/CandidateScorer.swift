import Foundation
import MosaicCore

/// A ranking stage: fills in a score for each candidate. Implementations wrap the trained models
/// (logistic light ranker, multi-task ranker); the funnel only sees this protocol.
public protocol CandidateScorer: Sendable {
    /// Model version, logged with every impression.
    var version: String { get }
    func score(_ candidates: [Candidate], features: [[Float]], context: ExploreContext) throws -> [Float]
}

/// The ~50 features both rankers read, computed once per candidate.
public enum RankingFeatures {
    public static let names: [String] = {
        var n = ["retrieval_score", "log_age_hours", "is_fresh_1h", "is_fresh_24h", "log_likes", "log_comments", "log_saves",
                 "log_shares", "log_impressions", "like_rate", "save_rate", "hide_rate", "log_author_followers",
                 "author_same_region", "category_affinity", "category_affinity_sq", "top_interest_match",
                 "popularity", "log_popularity", "has_user_vector", "bias"]
        n += CandidateSource.allCases.map { "source_\($0.rawValue)" }
        n += (0..<12).map { "category_\($0)" }
        n += ["affinity_x_popularity", "affinity_x_retrieval", "fresh_x_affinity", "engagement_per_follower",
              "comments_per_like", "saves_per_like", "shares_per_like", "hashtag_count", "reports", "hides"]
        return n
    }()

    public static func extract(_ c: Candidate, _ e: CatalogEntry, _ ctx: ExploreContext) -> [Float] {
        let ageHours = Float(max(0, ctx.now.timeIntervalSince(e.createdAt)) / 3600)
        let impressions = Float(max(e.impressions, 1))
        let affinity = ctx.interests[e.category] ?? 0
        let pop = e.popularity(now: ctx.now)
        let likes = Float(e.likes)
        var f: [Float] = [
            c.retrievalScore, logf(1 + ageHours), ageHours < 1 ? 1 : 0, ageHours < 24 ? 1 : 0, logf(1 + likes),
            logf(1 + Float(e.comments)), logf(1 + Float(e.saves)), logf(1 + Float(e.shares)), logf(impressions),
            likes / impressions, Float(e.saves) / impressions, Float(e.hides) / impressions,
            logf(1 + Float(e.authorFollowers)), e.authorRegion == ctx.region ? 1 : 0, affinity, affinity * affinity,
            ctx.topInterests.first == e.category ? 1 : 0, min(pop, 10) / 10, logf(1 + pop),
            ctx.userVector == nil ? 0 : 1, 1,
        ]
        f += CandidateSource.allCases.map { $0 == c.source ? 1 : 0 }
        let ci = InterestCategory.all.firstIndex(of: e.category)
        f += (0..<12).map { $0 == ci ? 1 : 0 }
        f += [affinity * min(pop, 10) / 10, affinity * c.retrievalScore, (ageHours < 24 ? 1 : 0) * affinity,
              Float(e.likes + e.comments) / Float(max(e.authorFollowers, 1) + 10), Float(e.comments) / (likes + 1),
              Float(e.saves) / (likes + 1), Float(e.shares) / (likes + 1), Float(e.hashtags.count), Float(e.reports),
              Float(e.hides)]
        return f
    }
}

/// The light ranker used before a trained one is installed: a fixed linear blend of retrieval score,
/// category affinity, popularity and freshness. Honest, cheap, and the funnel's degraded-order baseline.
public struct HeuristicScorer: CandidateScorer {
    public let version = "heuristic-1"
    public init() {}
    public func score(_ candidates: [Candidate], features: [[Float]], context: ExploreContext) throws -> [Float] {
        features.map { f in
            // retrieval 0, affinity 14, log_popularity 18, fresh_24h 3, hide_rate 11
            0.45 * f[0] + 0.3 * f[14] + 0.2 * min(f[18], 2) / 2 + 0.05 * f[3] - 2 * f[11]
        }
    }
}
