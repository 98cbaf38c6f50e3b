import Foundation
import MosaicCore

/// A ranking stage: fills in a score for each candidate. Implementations wrap the trained models
/// (logistic light ranker, multi-task ranker); the funnel only sees this protocol.
public protocol CandidateScorer: Sendable {
    /// Model version, logged with every impression.
    var version: String { get }
    func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float]
}

/// Candidates' ranking features in one row-major buffer (`RankingFeatures.columns` per row): written in place
/// by `RankingFeatures.write` and handed to the models' dense kernels as it is (was one array per candidate,
/// thousands of allocations per request, then copied into a matrix).
public struct FeatureRows: Sendable {
    public private(set) var values: [Float]
    public var count: Int { values.count / RankingFeatures.columns }

    public init(_ rows: [[Float]]) {
        values = []
        values.reserveCapacity(rows.count * RankingFeatures.columns)
        for r in rows {
            precondition(r.count == RankingFeatures.columns, "a row has \(RankingFeatures.columns) features")
            values += r
        }
    }

    /// `count` rows, row `i` written by `fill(i, row)`.
    init(count: Int, fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = RankingFeatures.columns
        values = [Float](unsafeUninitializedCapacity: count * n) { buffer, initialized in
            for i in 0..<count { fill(i, UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)])) }
            initialized = count * n
        }
    }

    public func row(_ i: Int) -> [Float] {
        let n = RankingFeatures.columns
        return Array(values[(i * n)..<((i + 1) * n)])
    }

    /// The rows at `indices`, in that order.
    func selecting(_ indices: [Int]) -> FeatureRows {
        let n = RankingFeatures.columns
        return values.withUnsafeBufferPointer { src in
            FeatureRows(count: indices.count) { i, row in
                _ = row.initialize(from: src[(indices[i] * n)..<((indices[i] + 1) * n)])
            }
        }
    }
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

    /// Features per candidate (`names.count`, kept as a constant for the per-candidate loops).
    public static let columns = names.count

    /// Where each block of `names` starts.
    static let sourceOffset = 21
    static let categoryOffset = sourceOffset + CandidateSource.allCases.count
    static let crossOffset = categoryOffset + 12

    /// One candidate's features in `names` order (training rows, tests); the funnel writes them in place.
    public static func extract(_ c: Candidate, _ e: CatalogEntry, _ ctx: ExploreContext) -> [Float] {
        [Float](unsafeUninitializedCapacity: columns) { f, initialized in
            write(c, e, ctx, into: f)
            initialized = columns
        }
    }

    /// Writes one candidate's features in `names` order into `f` (`columns` floats); allocates nothing.
    static func write(_ c: Candidate, _ e: CatalogEntry, _ ctx: ExploreContext, into f: UnsafeMutableBufferPointer<Float>) {
        let ageHours = Float(max(0, ctx.now.timeIntervalSince(e.createdAt)) / 3600)
        let impressions = Float(max(e.impressions, 1))
        let affinity = ctx.affinity(e.categoryCode)
        let pop = e.popularity(now: ctx.now)
        let likes = Float(e.likes)
        let fresh24: Float = ageHours < 24 ? 1 : 0
        f.initialize(repeating: 0)
        f[0] = c.retrievalScore; f[1] = logf(1 + ageHours); f[2] = ageHours < 1 ? 1 : 0; f[3] = fresh24
        f[4] = logf(1 + likes); f[5] = logf(1 + Float(e.comments)); f[6] = logf(1 + Float(e.saves))
        f[7] = logf(1 + Float(e.shares)); f[8] = logf(impressions); f[9] = likes / impressions
        f[10] = Float(e.saves) / impressions; f[11] = Float(e.hides) / impressions
        f[12] = logf(1 + Float(e.authorFollowers)); f[13] = e.authorRegionCode == ctx.regionCode ? 1 : 0
        f[14] = affinity; f[15] = affinity * affinity; f[16] = ctx.topInterestCode != 0 && ctx.topInterestCode == e.categoryCode ? 1 : 0
        f[17] = min(pop, 10) / 10; f[18] = logf(1 + pop); f[19] = ctx.userVector == nil ? 0 : 1; f[20] = 1
        f[sourceOffset + c.source.ordinal] = 1
        if e.categoryCode != 0 { f[categoryOffset + Int(e.categoryCode) - 1] = 1 }
        let x = crossOffset
        f[x] = affinity * min(pop, 10) / 10; f[x + 1] = affinity * c.retrievalScore; f[x + 2] = fresh24 * affinity
        f[x + 3] = Float(e.likes + e.comments) / Float(max(e.authorFollowers, 1) + 10)
        f[x + 4] = Float(e.comments) / (likes + 1); f[x + 5] = Float(e.saves) / (likes + 1)
        f[x + 6] = Float(e.shares) / (likes + 1); f[x + 7] = Float(e.hashtagCount); f[x + 8] = Float(e.reports)
        f[x + 9] = Float(e.hides)
    }
}

/// The light ranker used before a trained one is installed: a fixed linear blend of retrieval score,
/// category affinity, popularity and freshness. Honest, cheap, and the funnel's degraded-order baseline.
public struct HeuristicScorer: CandidateScorer {
    public let version = "heuristic-1"
    public init() {}
    public func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        let n = RankingFeatures.columns
        return features.values.withUnsafeBufferPointer { v in
            (0..<features.count).map { i in
                let f = v.baseAddress! + i * n
                // retrieval 0, affinity 14, log_popularity 18, fresh_24h 3, hide_rate 11
                return 0.45 * f[0] + 0.3 * f[14] + 0.2 * min(f[18], 2) / 2 + 0.05 * f[3] - 2 * f[11]
            }
        }
    }
}
