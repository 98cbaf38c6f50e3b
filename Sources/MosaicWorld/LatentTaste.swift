import MosaicCore

/// The world's hidden truth about a viewer who follows nobody (a new account): how likely they are to like
/// each post if shown it, and what they come across while browsing — for cold-start benchmarks, which need a
/// ground truth that does not come from the recommender under test. Never a training signal.
///
/// Both come from the simulator's own rules: `EngagementModel.likeProbability` with `follows == false`, and
/// its "elsewhere" impressions (half from one of the viewer's interests, half from everything, ∝ exposure =
/// quality × (1 + author followers)^0.35, public posts only).
public struct LatentTaste: Sendable {
    /// Interest per category (`InterestCategory.all` order), summing to 1.
    public let interests: [Float]
    /// P(like | shown) per post index, for a viewer who follows nobody; 0 for private accounts' posts.
    public let likeProbability: [Double]

    public init(world: World, interests: [Float]) {
        precondition(interests.count == WorldUsers.categoryCount)
        self.interests = interests
        let strongest = max(interests.max() ?? 1, 1e-9)
        let model = EngagementModel(), posts = world.posts, users = world.users
        let popularity = world.authorPopularity
        likeProbability = (0..<posts.count).map { p in
            let a = Int(posts.authors[p])
            guard !users.isPrivate[a] else { return 0 }
            return model.likeProbability(.init(affinity: Double(interests[Int(posts.categories[p])] / strongest),
                                               follows: false, popularity: popularity[a],
                                               logQuality: _log(Double(posts.quality[p]))))
        }
    }

    /// The taste of world user `user` (their latent interest row).
    public init(world: World, user: Int) { self.init(world: world, interests: Array(world.users.interestVector(of: user))) }

    /// Categories by interest, strongest first (what a new user would pick as interests).
    public var rankedCategories: [String] {
        interests.indices.sorted { (interests[$0], $1) > (interests[$1], $0) }.map { InterestCategory.all[$0] }
    }
}

extension World {
    /// Per user index: the engagement model's `popularity` input (see `FollowGraph.authorPopularity`).
    public var authorPopularity: [Double] { graph.authorPopularity }

    /// Per post index: how often the simulator shows it to someone who does not follow its author; 0 for
    /// private accounts' posts.
    public var exposure: [Double] {
        (0..<posts.count).map { p in
            let a = Int(posts.authors[p])
            return users.isPrivate[a] ? 0 : EngagementSimulator.exposure(quality: posts.quality[p], followers: graph.followerCount(of: a))
        }
    }
}

extension FollowGraph {
    /// Per user index: log1p(followers) ÷ log1p(the largest account's followers).
    var authorPopularity: [Double] {
        var most = 1
        for u in 0..<userCount { most = max(most, followerCount(of: u)) }
        return (0..<userCount).map { _log1p(Double(followerCount(of: $0))) / _log1p(Double(most)) }
    }
}

extension EngagementSimulator {
    /// How often a post is drawn as an impression from outside one's follows: quality × (1 + followers)^0.35.
    static func exposure(quality: Float, followers: Int) -> Double { Double(quality) * _pow(1 + Double(followers), 0.35) }
}

/// The simulator's way of coming across posts outside one's follows, over an eligible subset of posts: each
/// draw picks a category by the viewer's interests half the time (else any post), then a post ∝ exposure.
public struct LatentBrowsing: Sendable {
    let everywhere: AliasTable
    let byCategory: [AliasTable]

    /// - Parameters: `eligible` post indices (what the surface could show), `exposure` per post index.
    public init(world: World, eligible: [Int], exposure: [Double]) {
        let k = WorldUsers.categoryCount
        var items = [[Int32]](repeating: [], count: k), weights = [[Double]](repeating: [], count: k)
        for p in eligible where exposure[p] > 0 {
            let c = Int(world.posts.categories[p])
            items[c].append(Int32(p)); weights[c].append(exposure[p])
        }
        everywhere = AliasTable(items: items.flatMap { $0 }, weights: weights.flatMap { $0 })
        byCategory = (0..<k).map { AliasTable(items: items[$0], weights: weights[$0]) }
    }

    /// One post come across by a viewer with `interests`; nil when nothing is eligible.
    public func next(interests: [Float], _ rng: inout WorldRandom) -> Int? {
        if rng.unit() < 0.5 {
            var x = rng.unitFloat(), c = 0
            while c < interests.count - 1 { x -= interests[c]; if x < 0 { break }; c += 1 }
            if !byCategory[c].isEmpty { return Int(byCategory[c].sample(&rng)) }
        }
        return everywhere.isEmpty ? nil : Int(everywhere.sample(&rng))
    }

    /// The viewer browses until they have liked `count` posts (or `maxViews` views): each post is seen once
    /// and liked when `likes(post)` says so (a draw of the same model that decides relevance). Liked post
    /// indices, in order.
    public func likes(_ count: Int, interests: [Float], maxViews: Int = 20_000, _ rng: inout WorldRandom,
                      likes: (Int) -> Bool) -> [Int] {
        var seen = Set<Int>(), out: [Int] = []
        var views = 0
        while out.count < count, views < maxViews, let p = next(interests: interests, &rng) {
            views += 1
            guard seen.insert(p).inserted else { continue }
            if likes(p) { out.append(p) }
        }
        return out
    }
}
