import Testing
@testable import MosaicWorld

@Suite struct FollowGraphTests {
    @Test func inDegreeIsHeavyTailed() {
        let world = WorldFixtures.demo
        let degrees = (0..<world.users.count).map { world.graph.followerCount(of: $0) }.sorted()
        let median = degrees[degrees.count / 2], max = degrees.last!
        #expect(median >= 5)
        #expect(max >= 100 * median, "max \(max), median \(median)")
        // Preferential attachment gives a tail among ordinary accounts too, not only celebrities.
        let ordinary = (0..<world.users.count).filter { !world.users.isCelebrity[$0] }
            .map { world.graph.followerCount(of: $0) }.sorted()
        #expect(ordinary.last! >= 10 * ordinary[ordinary.count / 2], "ordinary max \(ordinary.last!)")
    }

    @Test func demoScaleHasCelebritiesWithTenThousandFollowers() {
        let world = WorldFixtures.demo
        let big = (0..<world.users.count).filter { world.graph.followerCount(of: $0) >= 10_000 }
        #expect(big.count >= 2)
        for u in big {
            #expect(world.users.isCelebrity[u])
            #expect(!world.users.isPrivate[u])
            #expect(world.user(at: u).isVerified)
        }
        #expect(world.users.celebrities.count == 20)
    }

    @Test func meanFollowingMatchesConfig() {
        let world = WorldFixtures.demo
        let mean = Double(world.graph.edgeCount) / Double(world.users.count)
        #expect(abs(mean - world.config.meanFollowing) < 0.03 * world.config.meanFollowing, "mean \(mean)")
    }

    @Test func rowsAreSortedUniqueWithoutSelfLoopsAndFollowersAreTheTranspose() {
        let world = WorldFixtures.small()
        let g = world.graph
        var transposed = [[Int32]](repeating: [], count: g.userCount)
        var unsorted = 0, selfLoops = 0, mismatched = 0
        for u in 0..<g.userCount {
            let row = Array(g.following(of: u))
            if !zip(row, row.dropFirst()).allSatisfy({ $0 < $1 }) { unsorted += 1 }
            if row.contains(Int32(u)) { selfLoops += 1 }
            for t in row { transposed[Int(t)].append(Int32(u)) }
        }
        for u in 0..<g.userCount where Array(g.followers(of: u)) != transposed[u] { mismatched += 1 }
        #expect(unsorted == 0 && selfLoops == 0 && mismatched == 0)
        let someEdge = (0..<g.userCount).first { g.followingCount(of: $0) > 0 }!
        #expect(g.follows(someEdge, Int(g.following(of: someEdge).first!)))
        #expect(!g.follows(someEdge, someEdge))
    }

    @Test func pendingRequestsTargetPrivateAccountsAndAreNotEdges() {
        let world = WorldFixtures.demo
        let requests = world.graph.pendingRequests
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { world.users.isPrivate[Int($0.followee)] })
        #expect(!requests.contains { world.graph.follows(Int($0.follower), Int($0.followee)) })
    }

    @Test func manyOrdinaryFollowsAreMutual() {
        let world = WorldFixtures.small()
        var mutual = 0, ordinary = 0
        for u in 0..<world.users.count {
            for v in world.graph.following(of: u) where !world.users.isCelebrity[Int(v)] {
                ordinary += 1
                if world.graph.follows(Int(v), u) { mutual += 1 }
            }
        }
        #expect(Double(mutual) / Double(ordinary) > 0.15, "\(mutual) of \(ordinary)")
        #expect(world.users.celebrities.allSatisfy { world.graph.followingCount(of: Int($0)) < 1_000 })
    }

    @Test func homophilyAndLocalityShowInTheGraph() {
        // Followed ordinary accounts share the follower's region and top interest more often than chance.
        let world = WorldFixtures.demo
        let u = world.users
        var sameRegion = 0, sameTop = 0, edges = 0
        for f in stride(from: 0, to: u.count, by: 7) {
            for t in world.graph.following(of: f) where !u.isCelebrity[Int(t)] {
                edges += 1
                if u.regions[f] == u.regions[Int(t)] { sameRegion += 1 }
                if u.primaryCategory(of: f) == u.primaryCategory(of: Int(t)) { sameTop += 1 }
            }
        }
        var chanceRegion = 0.0
        for r in 0..<Gazetteer.regions.count {
            let share = Double(u.regions.filter { Int($0) == r }.count) / Double(u.count)
            chanceRegion += share * share
        }
        var chanceTop = 0.0
        let tops = (0..<u.count).map { u.primaryCategory(of: $0) }
        for c in 0..<WorldUsers.categoryCount {
            let share = Double(tops.filter { $0 == c }.count) / Double(u.count)
            chanceTop += share * share
        }
        #expect(Double(sameRegion) / Double(edges) > chanceRegion + 0.1)
        #expect(Double(sameTop) / Double(edges) > 1.5 * chanceTop)
    }
}
