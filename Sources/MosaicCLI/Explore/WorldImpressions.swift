import Foundation
import MosaicCore
import MosaicExplore
import MosaicWorld

/// A generated world's Explore impressions (posts shown from outside the viewer's follows) as ranker training
/// rows. The log is replayed in time order, so each row's features — the post's counters, the viewer's
/// category interests — are what was known at that impression; its labels are what the viewer did next.
enum WorldImpressions {
    static func rows(_ world: World, limit: Int = 400_000) -> [LabelledImpression] {
        let posts = world.posts
        var likes = [Int32](repeating: 0, count: posts.count), comments = likes, saves = likes, shares = likes
        var hides = likes, impressions = likes
        let categories = InterestCategory.all.count
        var taste = [Float](repeating: 0, count: world.users.count * categories)
        let followers = (0..<world.users.count).map { Int32(world.graph.followerCount(of: $0)) }
        let regions = (0..<world.users.count).map { world.users.regionCode(of: $0) }
        var rows: [LabelledImpression] = []
        var pending: [UInt64: Int] = [:]
        // Sample impressions evenly over time up to `limit` rows.
        let explore = world.engagement.lazy.filter { $0.kind == .impression && !$0.fromFollowed }.count
        let every = max(1, explore / max(limit, 1))
        var seen = 0
        for e in world.engagement {
            let p = Int(e.post), u = Int(e.user)
            let key = UInt64(UInt32(bitPattern: e.user)) << 32 | UInt64(UInt32(bitPattern: e.post))
            switch e.kind {
            case .impression:
                impressions[p] += 1
                guard !e.fromFollowed else { continue }
                seen += 1
                guard seen % every == 0, rows.count < limit else { continue }
                let author = Int(posts.authors[p])
                let category = posts.categoryName(of: p)
                var interests: [String: Float] = [:]
                let base = u * categories
                let total = taste[base..<base + categories].reduce(0, +)
                if total > 0 { for c in 0..<categories where taste[base + c] > 0 { interests[InterestCategory.all[c]] = taste[base + c] / total } }
                let now = Date(timeIntervalSince1970: Double(e.unixMillis) / 1000)
                let ctx = ExploreContext(viewer: world.users.ids[u], region: regions[u], now: now, excludedAuthors: [],
                                         interests: interests)
                let entry = CatalogEntry(postID: posts.ids[p], authorID: world.users.ids[author], category: category,
                                         hashtagCount: 2, createdAt: Date(timeIntervalSince1970: Double(posts.createdAtMillis[p]) / 1000),
                                         likes: likes[p], comments: comments[p], saves: saves[p], shares: shares[p],
                                         hides: hides[p], impressions: impressions[p], authorFollowers: followers[author],
                                         authorRegion: regions[author])
                // The world's log does not say which source showed the post, nor how similar it was: the
                // retrieval score is left at 0, so the rankers learn nothing from it (a feature constant in
                // training is ignored) and rank on affinity, counters and age. A stand-in (the category
                // affinity) taught them that retrieval score means affinity, so at serving time a globally
                // popular post (score = its popularity ÷ the top one's) looked like one of the viewer's interests.
                let candidate = Candidate(postID: entry.postID, authorID: entry.authorID, category: category,
                                          createdAt: entry.createdAt, source: .popular, retrievalScore: 0)
                pending[key] = rows.count
                // like, comment, save, share, follow (not in this log), hide
                rows.append(LabelledImpression(features: RankingFeatures.extract(candidate, entry, ctx),
                                               labels: [0, 0, 0, 0, .nan, 0]))
            case .like, .comment, .save, .share, .hide:
                let column: Int
                switch e.kind {
                case .like: likes[p] += 1; column = 0
                case .comment: comments[p] += 1; column = 1
                case .save: saves[p] += 1; column = 2
                case .share: shares[p] += 1; column = 3
                default: hides[p] += 1; column = 5
                }
                if e.kind != .hide { taste[u * categories + Int(posts.categories[p])] += 1 }
                if let r = pending[key] { rows[r].labels[column] = 1 }
            }
        }
        return rows
    }

    /// Trains and saves Explore's rankers from the world; returns a one-line summary.
    static func trainRankers(_ world: World, data: String) throws -> String {
        let started = ContinuousClock.now
        let rows = rows(world)
        guard rows.count > 100 else { return "too few Explore impressions to train rankers" }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let (light, heavy) = ExploreRankerTraining.train(rows, version: stamp, showProgress: true)
        try ExploreModelFiles.saveRankers(light, heavy, data: data)
        let positives = rows.filter { $0.labels[0] == 1 }.count
        return "\(rows.count) Explore impressions (\(positives) liked) → light and multi-task rankers in \(ContinuousClock.now - started)"
    }
}
