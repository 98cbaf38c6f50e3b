/// Builds the follow graph row by row in signup order, so the graph is grown the way real ones are:
///
/// - **Celebrities** are followed by a Zipf-like share of everyone (the k-th reaches `top · k^-decay`),
///   more often by users who share the celebrity's category.
/// - Every other follow picks its target by one of four mechanisms (`WorldConfig.AttachmentMix`):
///   *preferential attachment* (copy the target of a uniformly random earlier edge, i.e. pick ∝ in-degree),
///   *popularity* (∝ latent fitness), *interest homophily* (a category from the follower's interests, then a
///   user strong in it ∝ fitness × interest) and *region locality* (a user of the same region ∝ fitness).
///
/// Out-degrees are log-normal around the configured mean, so following counts have a tail too. A last pass
/// adds follow-backs (reciprocity), which real graphs have plenty of among ordinary accounts.
struct FollowGraphBuilder {
    let config: WorldConfig
    let users: WorldUsers

    func build(report: (Int, Int) -> Void) -> FollowGraph {
        let n = users.count, k = WorldUsers.categoryCount
        let celebrities = users.celebrities.map(Int.init)
        let reach = celebrities.indices.map {
            config.topCelebrityReach * _pow(Double($0 + 1), -config.celebrityReachDecay)
        }
        let celebCategory = celebrities.map { users.primaryCategory(of: $0) }
        // A user follows the k-th celebrity with chance min(1, scale_k · (0.6 + 3·interest in its category)):
        // fans of the category are likelier. scale_k is solved by bisection on a fixed sample of users so that
        // the expected share of followers, after capping at certainty, is the configured reach.
        let stride = max(1, n / 4_000)
        let sample = Swift.stride(from: 0, to: n, by: stride).map { $0 }
        let fanScale: [Double] = celebrities.indices.map { rank in
            let c = celebCategory[rank]
            func expectedReach(_ scale: Double) -> Double {
                var sum = 0.0
                for u in sample { sum += min(1, scale * (0.6 + 3 * Double(users.interests[u * k + c]))) }
                return sum / Double(sample.count)
            }
            var lo = 0.0, hi = 2.0
            for _ in 0..<40 {
                let mid = (lo + hi) / 2
                if expectedReach(mid) < reach[rank] { lo = mid } else { hi = mid }
            }
            return hi
        }

        // Samplers over ordinary accounts (celebrities are followed through their own rule only).
        let ordinary = (0..<n).filter { !users.isCelebrity[$0] }.map { Int32($0) }
        let byFitness = AliasTable(items: ordinary, weights: ordinary.map { Double(users.fitness[Int($0)]) })
        var categoryItems = [[Int32]](repeating: [], count: k), categoryWeights = [[Double]](repeating: [], count: k)
        var regionItems = [[Int32]](repeating: [], count: Gazetteer.regions.count)
        var regionWeights = [[Double]](repeating: [], count: Gazetteer.regions.count)
        for u32 in ordinary {
            let u = Int(u32)
            for c in 0..<k {
                let interest = users.interests[u * k + c]
                if interest >= 0.08 {
                    categoryItems[c].append(u32)
                    categoryWeights[c].append(Double(users.fitness[u]) * Double(interest))
                }
            }
            regionItems[Int(users.regions[u])].append(u32)
            regionWeights[Int(users.regions[u])].append(Double(users.fitness[u]))
        }
        let byCategory = (0..<k).map { AliasTable(items: categoryItems[$0], weights: categoryWeights[$0]) }
        let byRegion = regionItems.indices.map { AliasTable(items: regionItems[$0], weights: regionWeights[$0]) }

        let mix = config.attachmentMix
        let mixTotal = mix.preferential + mix.popularity + mix.interest + mix.region
        let cutPreferential = mix.preferential / mixTotal
        let cutPopularity = cutPreferential + mix.popularity / mixTotal
        let cutInterest = cutPopularity + mix.interest / mixTotal

        // Celebrity follows per user average at most Σ reach; the rest of the configured mean is ordinary follows.
        let celebrityMean = reach.reduce(0, +)
        let ordinaryMean = max(1, (config.meanFollowing - celebrityMean) / (1 + 0.8 * config.followBackProbability))
        let degreeSigma = 1.0
        let maxOrdinary = min(config.maxFollowing, max(1, ordinary.count - 1))

        var offsets = [Int](repeating: 0, count: n + 1)
        var targets = [Int32]()
        targets.reserveCapacity(Int(Double(n) * config.meanFollowing * 1.1))
        var row = [Int32](); row.reserveCapacity(1024)
        var rng = WorldRandom(seed: config.seed, stream: 0x4752_4150_48) // "GRAPH"

        for u in 0..<n {
            row.removeAll(keepingCapacity: true)
            let interestBase = u * k
            for (rank, celeb) in celebrities.enumerated() where celeb != u {
                let fan = 0.6 + 3 * Double(users.interests[interestBase + celebCategory[rank]])
                if rng.unit() < fanScale[rank] * fan { row.append(Int32(celeb)) }
            }
            let drawn = ordinaryMean * rng.logNormal(mu: -degreeSigma * degreeSigma / 2, sigma: degreeSigma)
            let degree = min(maxOrdinary, max(1, Int(drawn.rounded())))
            let celebrityFollows = row.count
            // Draw, deduplicate, and top up the shortfall left by duplicates (a few rounds at most), so the
            // mean following lands on the configured mean.
            var unique = celebrityFollows // the row holds distinct celebrities so far
            for _ in 0..<4 {
                let missing = celebrityFollows + degree - unique
                guard missing > 0 else { break }
                for _ in 0..<missing {
                    let mode = rng.unit()
                    var t: Int32
                    if mode < cutPreferential && !targets.isEmpty {
                        t = targets[rng.below(targets.count)]
                        if users.isCelebrity[Int(t)] { t = byFitness.sample(&rng) }
                    } else if mode < cutPopularity {
                        t = byFitness.sample(&rng)
                    } else if mode < cutInterest {
                        let c = sampleCategory(interestBase, &rng)
                        t = byCategory[c].isEmpty ? byFitness.sample(&rng) : byCategory[c].sample(&rng)
                    } else {
                        let r = Int(users.regions[u])
                        t = byRegion[r].isEmpty ? byFitness.sample(&rng) : byRegion[r].sample(&rng)
                    }
                    if Int(t) != u { row.append(t) }
                }
                row.sort()
                unique = 0
                for i in row.indices where i == 0 || row[i] != row[i - 1] { row[unique] = row[i]; unique += 1 }
                row.removeLast(row.count - unique)
            }
            targets.append(contentsOf: row)
            offsets[u + 1] = targets.count
            if u & 0x3fff == 0 { report(u, n) }
        }

        (offsets, targets) = addFollowBacks(offsets: offsets, targets: targets)
        let pending = pendingRequests(offsets: offsets, targets: targets)
        report(n, n)
        return FollowGraph(userCount: n, followingOffsets: offsets, followingTargets: targets, pendingRequests: pending)
    }

    @inline(__always)
    private func sampleCategory(_ base: Int, _ rng: inout WorldRandom) -> Int {
        var x = rng.unitFloat()
        let k = WorldUsers.categoryCount
        for c in 0..<(k - 1) {
            x -= users.interests[base + c]
            if x < 0 { return c }
        }
        return k - 1
    }

    /// For each edge u → v into an ordinary account, v follows u back with `followBackProbability` (÷ fitness
    /// above 2). New edges are merged into the sorted rows in one pass; existing edges are not doubled.
    private func addFollowBacks(offsets: [Int], targets: [Int32]) -> ([Int], [Int32]) {
        let n = users.count
        guard config.followBackProbability > 0 else { return (offsets, targets) }
        // Follow-back chances are scaled so the final edge count lands on n × meanFollowing: the first pass
        // drew fewer ordinary follows to leave room for them.
        func chance(_ v: Int) -> Double {
            users.isCelebrity[v] ? 0 : config.followBackProbability * min(1, 2 / Double(users.fitness[v]))
        }
        var expected = 0.0
        for t in targets { expected += chance(Int(t)) }
        let room = Double(n) * config.meanFollowing - Double(targets.count)
        let scale = expected > 0 ? min(1 / config.followBackProbability, max(0, room / expected)) : 0
        var rng = WorldRandom(seed: config.seed, stream: 0x4241_434B) // "BACK"
        var extra: [UInt64] = [] // (new follower << 32 | followee)
        extra.reserveCapacity(Int(max(0, room) * 1.1))
        for u in 0..<n {
            for e in offsets[u]..<offsets[u + 1] {
                let v = Int(targets[e])
                if rng.unit() < chance(v) * scale { extra.append(UInt64(v) << 32 | UInt64(u)) }
            }
        }
        extra.sort()
        var newOffsets = [Int](repeating: 0, count: n + 1)
        var merged = [Int32]()
        merged.reserveCapacity(targets.count + extra.count)
        var x = 0
        for u in 0..<n {
            var e = offsets[u]
            let end = offsets[u + 1]
            // Merge the sorted old row with this user's sorted new targets, dropping duplicates.
            while x < extra.count && Int(extra[x] >> 32) == u || e < end {
                let fromExtra: Int32? = x < extra.count && Int(extra[x] >> 32) == u ? Int32(truncatingIfNeeded: extra[x]) : nil
                let next: Int32
                if let fx = fromExtra, e >= end || fx < targets[e] { next = fx; x += 1 }
                else if let fx = fromExtra, fx == targets[e] { next = fx; x += 1; e += 1 }
                else { next = targets[e]; e += 1 }
                if merged.count == newOffsets[u] || merged[merged.count - 1] != next { merged.append(next) }
            }
            newOffsets[u + 1] = merged.count
        }
        return (newOffsets, merged)
    }

    /// About one pending request per five private accounts, from users who do not already follow them.
    private func pendingRequests(offsets: [Int], targets: [Int32]) -> [(follower: Int32, followee: Int32)] {
        var rng = WorldRandom(seed: config.seed, stream: 0x5245_5155) // "REQU"
        var out: [(follower: Int32, followee: Int32)] = []
        var seen = Set<UInt64>()
        for u in 0..<users.count where users.isPrivate[u] {
            let requests = rng.poisson(mean: 0.2)
            for _ in 0..<requests {
                let f = rng.below(users.count)
                guard f != u, seen.insert(UInt64(f) << 32 | UInt64(u)).inserted else { continue }
                // Skip if f already follows u (binary search in f's sorted row).
                var lo = offsets[f], hi = offsets[f + 1], found = false
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if targets[mid] == Int32(u) { found = true; break }
                    if targets[mid] < Int32(u) { lo = mid + 1 } else { hi = mid }
                }
                if !found { out.append((Int32(f), Int32(u))) }
            }
        }
        return out
    }
}
