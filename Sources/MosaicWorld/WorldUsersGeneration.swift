import MosaicCore

extension WorldUsers {
    /// Relative popularity of categories when users pick their strong interests.
    static let categoryPrior: [Double] = InterestCategory.all.map {
        ["food": 1.3, "travel": 1.3, "fashion": 1.1, "pets": 1.2, "sports": 1.0, "art": 0.8, "nature": 1.0,
         "cars": 0.7, "music": 1.0, "fitness": 0.9, "architecture": 0.5, "photography": 0.7][$0] ?? 0.8
    }

    static func generate(config: WorldConfig, idGenerator: IDGenerator, report: (Int, Int) -> Void) -> WorldUsers {
        let n = config.userCount, k = categoryCount
        var users = WorldUsers(
            count: n, ids: [], usernames: [], fullNames: [],
            interests: [Float](repeating: 0, count: n * k),
            regions: [UInt8](repeating: 0, count: n), devices: [UInt8](repeating: 0, count: n),
            activity: [Float](repeating: 1, count: n), fitness: [Float](repeating: 1, count: n),
            isPrivate: [Bool](repeating: false, count: n), celebrities: [],
            isCelebrity: [Bool](repeating: false, count: n),
            createdAtMillis: [Int64](repeating: 0, count: n), lastActiveAtMillis: [Int64](repeating: 0, count: n))
        users.ids.reserveCapacity(n); users.usernames.reserveCapacity(n); users.fullNames.reserveCapacity(n)

        var rng = WorldRandom(seed: config.seed, stream: 0x5553_4552) // "USER"
        let regionTable = AliasTable(items: (0..<Gazetteer.regions.count).map { Int32($0) },
                                     weights: Gazetteer.regions.map(\.weight))
        let deviceTable = AliasTable(items: [0, 1, 2], weights: Gazetteer.deviceWeights)
        let categoryTable = AliasTable(items: (0..<k).map { Int32($0) }, weights: categoryPrior)
        let strongCounts = AliasTable(items: [1, 2, 3, 4, 5], weights: [0.06, 0.34, 0.34, 0.20, 0.06])

        // Signups grow linearly over three years before the span and continue into its first half.
        let history: Int64 = 3 * 365 * 86_400_000
        let signupStart = config.startUnixMillis - history
        let signupLength = Double(history) + Double(config.endUnixMillis - config.startUnixMillis) * 0.5
        let sigma = config.activitySigma
        var taken = Set<String>(minimumCapacity: n)
        var row = [Double](repeating: 0, count: k)
        var strong = [Int](); strong.reserveCapacity(5)

        for u in 0..<n {
            // Interests: a few strong ones drawn by category popularity, a faint sparse background elsewhere.
            strong.removeAll(keepingCapacity: true)
            let want = Int(strongCounts.sample(&rng))
            while strong.count < want {
                let c = Int(categoryTable.sample(&rng))
                if !strong.contains(c) { strong.append(c) }
            }
            var total = 0.0
            for c in 0..<k { row[c] = 0.04 * rng.gamma(shape: 0.15); total += row[c] }
            for c in strong { let g = 0.35 + rng.gamma(shape: 2); row[c] += g; total += g }
            for c in 0..<k { users.interests[u * k + c] = Float(row[c] / total) }

            users.regions[u] = UInt8(regionTable.sample(&rng))
            users.devices[u] = UInt8(deviceTable.sample(&rng))
            users.activity[u] = Float(min(60, rng.logNormal(mu: -sigma * sigma / 2, sigma: sigma)))
            users.fitness[u] = Float(min(1e4, rng.pareto(xm: 1, alpha: 1.6)))
            users.isPrivate[u] = rng.chance(config.privateFraction)

            let x = (Double(u) + rng.unit()) / Double(n)
            users.createdAtMillis[u] = signupStart + Int64(signupLength * x.squareRoot())
            // Recency of last session: most users came back within days, the least active drift away.
            let away = rng.exponential(mean: 3 * 86_400_000 / Double(max(0.05, users.activity[u])))
            users.lastActiveAtMillis[u] = max(users.createdAtMillis[u], config.endUnixMillis - Int64(min(away, 3e10)))

            let given = NameGenerator.givenName(&rng), family = NameGenerator.familyName(&rng)
            users.fullNames.append(NameGenerator.capitalized(given) + " " + NameGenerator.capitalized(family))
            users.usernames.append(NameGenerator.username(given: given, family: family,
                                                          region: Gazetteer.regions[Int(users.regions[u])].code,
                                                          rng: &rng, taken: &taken, index: u))
            users.ids.append(idGenerator.next(shard: shard(of: u)))
            if u & 0x3fff == 0 { report(u, n) }
        }

        // Celebrities: distinct random accounts, made public, verified-looking, very active and focused on
        // one category (the one their fans share).
        let celebrityCount = config.resolvedCelebrityCount
        var celebRng = WorldRandom(seed: config.seed, stream: 0x43454C45) // "CELE"
        while users.celebrities.count < celebrityCount {
            let u = celebRng.below(n)
            guard !users.isCelebrity[u] else { continue }
            users.isCelebrity[u] = true
            users.celebrities.append(Int32(u))
            users.isPrivate[u] = false
            let focus = Int(categoryTable.sample(&celebRng))
            for c in 0..<k { users.interests[u * k + c] *= 0.2 }
            users.interests[u * k + focus] += 0.8
            users.activity[u] = max(users.activity[u], Float(3 + celebRng.exponential(mean: 3)))
            users.fitness[u] = max(users.fitness[u], 1e4)
            users.lastActiveAtMillis[u] = config.endUnixMillis - Int64(celebRng.below(86_400_000))
        }
        report(n, n)
        return users
    }
}
