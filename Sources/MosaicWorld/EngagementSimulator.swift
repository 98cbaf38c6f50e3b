/// Simulates what users were shown and what they did, from the latent truth (`EngagementModel`).
///
/// Each user gets a Poisson number of impressions scaled by activity. An impression comes from a followed
/// account (a random followee's post, seen hours after it was posted) or from elsewhere, the way an explore
/// surface would pick it: half the time from one of the viewer's interests, otherwise from everything, in both
/// cases ∝ exposure = quality × (1 + author followers)^0.35. Exposure ∝ popularity × heavy-tailed quality is
/// what makes a few posts collect most engagement. Private accounts' posts reach approved followers only,
/// nobody is shown their own posts or a post twice, and nothing happens after a user's last session.
struct EngagementSimulator {
    let config: WorldConfig
    let users: WorldUsers
    let graph: FollowGraph
    let posts: WorldPosts
    let model = EngagementModel()

    func simulate(report: (Int, Int) -> Void) -> [EngagementRecord] {
        let n = users.count, k = WorldUsers.categoryCount
        guard config.impressionsPerUser > 0 else { return [] }

        let popularity = graph.authorPopularity

        // What the inner loop needs about a post, packed (24 bytes) so a random post costs one cache miss
        // instead of one per column.
        var facts = [PostFacts](repeating: PostFacts(createdAt: 0, author: 0, category: 0, authorIsPrivate: false,
                                                     logQuality: 0, popularity: 0), count: posts.count)
        var publicPosts: [Int32] = [], exposure: [Double] = []
        var catItems = [[Int32]](repeating: [], count: k), catWeights = [[Double]](repeating: [], count: k)
        for p in 0..<posts.count {
            let a = Int(posts.authors[p])
            facts[p] = PostFacts(createdAt: posts.createdAtMillis[p], author: posts.authors[p],
                                 category: posts.categories[p], authorIsPrivate: users.isPrivate[a],
                                 logQuality: Float(_log(Double(posts.quality[p]))), popularity: Float(popularity[a]))
            guard !users.isPrivate[a] else { continue }
            let w = Self.exposure(quality: posts.quality[p], followers: graph.followerCount(of: a))
            publicPosts.append(Int32(p)); exposure.append(w)
            catItems[Int(posts.categories[p])].append(Int32(p)); catWeights[Int(posts.categories[p])].append(w)
        }
        let everywhere = AliasTable(items: publicPosts, weights: exposure)
        let byCategory = (0..<k).map { AliasTable(items: catItems[$0], weights: catWeights[$0]) }

        var rng = WorldRandom(seed: config.seed, stream: 0x454E_4741) // "ENGA"
        var out: [EngagementRecord] = []
        out.reserveCapacity(Int(Double(n) * config.impressionsPerUser * 1.15))
        // seenBy[p] == u marks post p as already shown to u: O(1) without clearing a set per user.
        var seenBy = [Int32](repeating: -1, count: posts.count)
        let hour = 3_600_000.0

        for u in 0..<n {
            let wanted = min(3_000, rng.poisson(mean: config.impressionsPerUser * Double(users.activity[u])))
            let following = graph.following(of: u)
            let base = u * k
            var strongest: Float = 0
            for c in 0..<k { strongest = max(strongest, users.interests[base + c]) }
            let created = users.createdAtMillis[u], lastActive = users.lastActiveAtMillis[u]

            for _ in 0..<wanted {
                for _ in 0..<3 { // a few attempts: a candidate may be invisible, seen, or after the world ends
                    var post: Int32 = -1, fromFollowed = false
                    if !following.isEmpty && rng.unit() < config.followedShare {
                        let f = Int(following[following.startIndex + rng.below(following.count)])
                        let theirs = posts.posts(by: f)
                        if !theirs.isEmpty {
                            post = theirs[theirs.startIndex + rng.below(theirs.count)]
                            fromFollowed = true
                        }
                    }
                    if post < 0 {
                        if rng.unit() < 0.5 {
                            var x = rng.unitFloat(), c = 0
                            while c < k - 1 { x -= users.interests[base + c]; if x < 0 { break }; c += 1 }
                            post = byCategory[c].isEmpty ? (everywhere.isEmpty ? -1 : everywhere.sample(&rng))
                                                          : byCategory[c].sample(&rng)
                        } else if !everywhere.isEmpty {
                            post = everywhere.sample(&rng)
                        }
                    }
                    guard post >= 0 else { continue }
                    let p = Int(post), fact = facts[p], author = Int(fact.author)
                    guard author != u, seenBy[p] != Int32(u) else { continue }
                    let follows = fromFollowed || graph.follows(u, author)
                    if fact.authorIsPrivate && !follows { continue }

                    let delay = rng.exponential(mean: (fromFollowed ? 4 : 18) * hour)
                    var t = fact.createdAt + Int64(delay)
                    if t < created { t = created + Int64(rng.unit() * hour) }
                    guard t < config.endUnixMillis, t <= lastActive else { continue }
                    seenBy[p] = Int32(u)

                    let pair = EngagementModel.Pair(
                        affinity: Double(users.interests[base + Int(fact.category)] / strongest),
                        follows: follows, popularity: Double(fact.popularity), logQuality: Double(fact.logQuality))
                    emit(pair, user: Int32(u), post: post, at: t, fromFollowed: fromFollowed, into: &out, &rng)
                    break
                }
            }
            if u & 0x1fff == 0 { report(u, n) }
        }

        // The standard library's sort is stable, so equal times keep generation order (user, then draw order):
        // deterministic without a longer comparison.
        out.sort { $0.unixMillis < $1.unixMillis }
        report(n, n)
        return out
    }

    @inline(__always)
    private func emit(_ pair: EngagementModel.Pair, user: Int32, post: Int32, at t: Int64, fromFollowed: Bool,
                      into out: inout [EngagementRecord], _ rng: inout WorldRandom) {
        if rng.unit() < model.hideProbability(pair) {
            let dwell = Int32(300 + rng.below(1_200))
            out.append(EngagementRecord(unixMillis: t, user: user, post: post, dwellMs: dwell, kind: .impression,
                                        fromFollowed: fromFollowed))
            out.append(EngagementRecord(unixMillis: t + Int64(dwell), user: user, post: post, dwellMs: 0, kind: .hide,
                                        fromFollowed: fromFollowed))
            return
        }
        let dwell = Int32(min(60_000, 300 + _exp(model.logDwellMs(pair) + 0.6 * rng.normal())))
        out.append(EngagementRecord(unixMillis: t, user: user, post: post, dwellMs: dwell, kind: .impression,
                                    fromFollowed: fromFollowed))
        // Four independent draws, no array: this runs once per impression.
        if rng.unit() < model.likeProbability(pair) { action(.like, Int64(dwell / 2)) }
        if rng.unit() < model.commentProbability(pair) { action(.comment, Int64(dwell) + 4_000) }
        if rng.unit() < model.saveProbability(pair) { action(.save, Int64(dwell)) }
        if rng.unit() < model.shareProbability(pair) { action(.share, Int64(dwell) + 1_000) }

        func action(_ kind: EngagementKind, _ offset: Int64) {
            out.append(EngagementRecord(unixMillis: t + offset, user: user, post: post, dwellMs: 0, kind: kind,
                                        fromFollowed: fromFollowed))
        }
    }
}

/// The per-post facts the simulator reads for every candidate, in one record.
private struct PostFacts {
    var createdAt: Int64
    var author: Int32
    var category: UInt8
    var authorIsPrivate: Bool
    var logQuality: Float
    var popularity: Float
}
