import Foundation
import MosaicCore
import MosaicExplore
import MosaicWorld

/// Part (c) of `mosaic bench trends`: new users against the world's own hidden truth.
///
/// Each new user takes a world user's latent interests (`LatentTaste`). Which posts they would like is drawn
/// once from the generator's engagement model (P(like | shown) for someone who follows nobody) over the
/// catalogue Explore may show them; that draw is the relevant set. Their first interactions are found the
/// simulator's way (browsing outside one's follows ∝ exposure, half of it within one's interests) and are
/// likes from that same draw, so they say something true about the user; they leave the relevant set once
/// made. Every list is judged on world posts only (posts made during the benchmark have no latent quality).
struct ColdStartBench {
    let world: World
    let catalog: PostCatalog
    let funnel: ExploreFunnel
    let clock: ManualClock
    let seed: UInt64
    static let steps = [0, 5, 20]
    static let methods = ["Explore", "popularity", "popular in chosen interests", "oracle (true P(like))"]

    /// Per step and method, one value per user.
    struct Scores {
        var ndcg: [[Double]] = Array(repeating: [], count: methods.count)
        var likeRate: [[Double]] = Array(repeating: [], count: methods.count)
        var relevant: [Int] = []
        /// Explore's tiles by source, and how many were in a category the user likes at least half as much as
        /// their favourite.
        var sources: [String: Int] = [:]
        var tiles = 0, strongTiles = 0
    }

    /// Runs `tastes.count` new users (world user indices whose interests they take) through sign-up, interests,
    /// 0 / 5 / 20 likes and an Explore request after each; returns the scores per step.
    func run(tastes: [Int], api: BenchAPI, tag: String, like: (UserID, PostID) async throws -> Void) async throws -> [Int: Scores] {
        let posts = world.posts
        var index: [PostID: Int] = [:]
        index.reserveCapacity(posts.count)
        for p in 0..<posts.count { index[posts.ids[p]] = p }
        let now = clock.now(), since = now.addingTimeInterval(-catalog.horizon)
        // What Explore may show a new account: live world posts of public accounts, recent enough.
        let eligible = (0..<posts.count).filter { p in
            guard let e = catalog.entry(posts.ids[p]) else { return false }
            return !e.deleted && !e.authorPrivate && e.reports < 3 && e.createdAt >= since && e.createdAt <= now
        }
        let browsing = LatentBrowsing(world: world, eligible: eligible, exposure: world.exposure)
        var scores: [Int: Scores] = [:]
        for (i, source) in tastes.enumerated() {
            let taste = LatentTaste(world: world, user: source)
            var rng = WorldRandom(seed: seed, stream: 0xC01D_0000 + UInt64(i))
            var relevant = Set<Int>()
            for p in eligible where rng.unit() < taste.likeProbability[p] { relevant.insert(p) }
            let likes = browsing.likes(Self.steps.last!, interests: taste.interests, &rng) { relevant.contains($0) }
            guard likes.count == Self.steps.last! else { continue }
            // Oracle order: the eligible posts with the highest true P(like) (enough to skip the liked ones).
            let byTruth = Self.top(30, of: eligible) { taste.likeProbability[$0] }
            let strongest = taste.interests.max() ?? 1
            let user = try await api.signUp("cold\(tag)x\(i)")
            let chosen = Array(taste.rankedCategories.prefix(2))
            try await api.setInterests(user, chosen)
            var done = 0
            for k in Self.steps {
                for p in likes[done..<k] { try await like(user.id, posts.ids[p]) }
                done = k
                clock.advance(by: 1)
                let liked = Set(likes.prefix(k))
                let truth = relevant.subtracting(liked)
                let page = try await funnel.page(viewer: user.id, cursor: nil, limit: 14)
                let grid = Array(page.items.compactMap { index[$0.post.id] }.prefix(10))
                let pools = catalog.pools(now: clock.now())
                let open: (CatalogEntry) -> Bool = { e in
                    guard let p = index[e.postID] else { return false }
                    return !liked.contains(p) && e.createdAt >= since && !e.authorPrivate && !e.deleted
                }
                let popular = pools.popular.lazy.filter(open).prefix(10).compactMap { index[$0.postID] }
                let inInterests = chosen.flatMap { (pools.popularByCategory[$0] ?? []).filter(open).prefix(10) }
                    .sorted { $0.popularity(now: clock.now()) > $1.popularity(now: clock.now()) }
                    .prefix(10).compactMap { index[$0.postID] }
                let oracle = byTruth.lazy.filter { !liked.contains($0) }.prefix(10)
                var s = scores[k] ?? Scores()
                for (m, list) in [grid, Array(popular), Array(inInterests), Array(oracle)].enumerated() {
                    s.ndcg[m].append(Self.ndcg(list, truth))
                    s.likeRate[m].append(list.isEmpty ? 0 : list.reduce(0) { $0 + taste.likeProbability[$1] } / Double(list.count))
                }
                s.relevant.append(truth.count)
                for item in page.items.prefix(10) { s.sources[item.source, default: 0] += 1 }
                for p in grid {
                    s.tiles += 1
                    if taste.interests[Int(posts.categories[p])] >= 0.5 * strongest { s.strongTiles += 1 }
                }
                scores[k] = s
            }
        }
        return scores
    }

    /// The `n` items with the highest `score`, best first (one pass; n is small).
    static func top(_ n: Int, of items: [Int], score: (Int) -> Double) -> [Int] {
        var best: [(Double, Int)] = []
        for i in items {
            let v = score(i)
            guard best.count < n || v > best[best.count - 1].0 else { continue }
            let at = best.firstIndex { $0.0 < v } ?? best.count
            best.insert((v, i), at: at)
            if best.count > n { best.removeLast() }
        }
        return best.map(\.1)
    }

    static func ndcg(_ list: [Int], _ truth: Set<Int>) -> Double {
        var dcg = 0.0
        for (i, p) in list.prefix(10).enumerated() where truth.contains(p) { dcg += 1 / log2(Double(i + 2)) }
        let ideal = (0..<min(10, truth.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// Mean and half-width of its 95 % confidence interval (normal approximation).
    static func meanCI(_ xs: [Double]) -> (mean: Double, half: Double) {
        guard !xs.isEmpty else { return (0, 0) }
        let n = Double(xs.count), mean = xs.reduce(0, +) / n
        guard xs.count > 1 else { return (mean, 0) }
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, 1.96 * (variance / n).squareRoot())
    }

    static func cell(_ xs: [Double]) -> String {
        let (m, h) = meanCI(xs)
        return String(format: "%.4f ± %.4f", m, h)
    }

    static func report(_ scores: [Int: Scores]) {
        let users = scores[0]?.ndcg[0].count ?? 0
        print("NDCG@10 (mean ± 95 % CI over \(users) users; relevant = the posts the world's model has the user like, drawn once over the catalogue Explore may show them):\n")
        print("| interactions | " + methods.joined(separator: " | ") + " | relevant posts per user |")
        print("|---:|" + String(repeating: "---:|", count: methods.count + 1))
        for k in steps {
            guard let s = scores[k] else { continue }
            let r = Double(s.relevant.reduce(0, +)) / Double(max(s.relevant.count, 1))
            print("| \(k) | " + s.ndcg.map(cell).joined(separator: " | ") + String(format: " | %.0f |", r))
        }
        print("\nMean true P(like) of the 10 posts shown (the same lists, without the sampling noise of the relevant set):\n")
        print("| interactions | " + methods.joined(separator: " | ") + " |")
        print("|---:|" + String(repeating: "---:|", count: methods.count))
        for k in steps {
            guard let s = scores[k] else { continue }
            print("| \(k) | " + s.likeRate.map(cell).joined(separator: " | ") + " |")
        }
        print("\nPaired differences in NDCG@10 (mean ± 95 % CI):\n")
        for k in steps {
            guard let s = scores[k] else { continue }
            print("- \(k) interactions: Explore − popularity " + cell(zip(s.ndcg[0], s.ndcg[1]).map { $0 - $1 }) +
                  "; Explore − popular in chosen interests " + cell(zip(s.ndcg[0], s.ndcg[2]).map { $0 - $1 }))
        }
        if let s0 = scores[0] {
            for k in steps.dropFirst() {
                guard let s = scores[k] else { continue }
                print("- Explore after \(k) − after 0: " + cell(zip(s.ndcg[0], s0.ndcg[0]).map { $0 - $1 }))
            }
        }
        print("\nExplore's first 10 tiles for these users, by source, and the share in a category the user likes at least half as much as their favourite:\n")
        for k in steps {
            guard let s = scores[k] else { continue }
            let total = max(s.sources.values.reduce(0, +), 1)
            let parts = s.sources.sorted { $0.value > $1.value }.map { String(format: "%@ %.0f %%", $0.key, 100 * Double($0.value) / Double(total)) }
            print(String(format: "- %d interactions: %@; strong-interest tiles %.0f %%", k, parts.joined(separator: ", "),
                         100 * Double(s.strongTiles) / Double(max(s.tiles, 1))))
        }
    }
}
