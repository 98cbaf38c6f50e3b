import MosaicCore

extension WorldPosts {
    /// Authors are drawn ∝ activity^1.2 (a few people post most), the category from the author's own
    /// interests (sharpened, so posts stay on the author's main topics), the time uniformly over the span
    /// after the author signed up, and a location for about 40 % of posts (travel posts: 75 %, often abroad).
    static func generate(config: WorldConfig, users: WorldUsers, report: (Int, Int) -> Void) -> WorldPosts {
        let n = users.count, k = WorldUsers.categoryCount
        let count = max(1, Int((Double(n) * config.postsPerUser).rounded()))
        var rng = WorldRandom(seed: config.seed, stream: 0x504F_5354) // "POST"
        let authorTable = AliasTable(items: (0..<n).map { Int32($0) },
                                     weights: users.activity.map { _pow(Double($0), 1.2) })
        let travel = InterestCategory.all.firstIndex(of: "travel") ?? -1
        let regionPlaces: [[Int16]] = Gazetteer.regions.indices.map { r in
            places.indices.filter { places[$0].region == r }.map { Int16($0) }
        }

        var authors = [Int32](repeating: 0, count: count)
        var categories = [UInt8](repeating: 0, count: count)
        var times = [Int64](repeating: 0, count: count)
        var placeOf = [Int16](repeating: -1, count: count)
        var quality = [Float](repeating: 1, count: count)
        var weights = [Float](repeating: 0, count: k)

        for i in 0..<count {
            let a = Int(authorTable.sample(&rng))
            authors[i] = Int32(a)
            var total: Float = 0
            for c in 0..<k { let v = users.interests[a * k + c]; weights[c] = v * v; total += v * v }
            var x = rng.unitFloat() * total, c = 0
            while c < k - 1 { x -= weights[c]; if x < 0 { break }; c += 1 }
            categories[i] = UInt8(c)
            let from = max(config.startUnixMillis, users.createdAtMillis[a])
            times[i] = from + Int64(rng.unit() * Double(config.endUnixMillis - from))
            let isTravel = c == travel
            if rng.chance(isTravel ? 0.75 : 0.4) {
                let region = isTravel && rng.chance(0.6) ? rng.below(regionPlaces.count) : Int(users.regions[a])
                placeOf[i] = rng.pick(regionPlaces[region])
            }
            quality[i] = Float(rng.logNormal(mu: -0.18, sigma: 0.6))
            if i & 0xffff == 0 { report(i, count) }
        }

        // Time order, then IDs minted in that order, then ID order (which only reorders equal milliseconds).
        var order = (0..<count).map { Int32($0) }
        order.sort { times[Int($0)] != times[Int($1)] ? times[Int($0)] < times[Int($1)] : $0 < $1 }
        var minter = HistoricalIDMinter()
        var minted = [MosaicID](repeating: MosaicID(rawValue: 0), count: count)
        for j in order {
            let i = Int(j)
            let (id, ms) = minter.mint(unixMillis: times[i], shard: WorldUsers.shard(of: Int(authors[i])))
            minted[i] = id; times[i] = ms
        }
        order.sort { minted[Int($0)] < minted[Int($1)] }

        var posts = WorldPosts(count: count, ids: order.map { minted[Int($0)] },
                               authors: order.map { authors[Int($0)] }, categories: order.map { categories[Int($0)] },
                               createdAtMillis: order.map { times[Int($0)] }, places: order.map { placeOf[Int($0)] },
                               quality: order.map { quality[Int($0)] }, authorOffsets: [], authorPosts: [])
        var offsets = [Int](repeating: 0, count: n + 1)
        for a in posts.authors { offsets[Int(a) + 1] += 1 }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        var cursor = offsets
        var byAuthor = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            let a = Int(posts.authors[i])
            byAuthor[cursor[a]] = Int32(i); cursor[a] += 1
        }
        posts.authorOffsets = offsets
        posts.authorPosts = byAuthor
        report(count, count)
        return posts
    }
}
