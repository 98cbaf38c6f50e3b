import Testing
@testable import MosaicWorld

@Suite struct EngagementTests {
    /// Like rate per impression in affinity buckets (interest in the post's category ÷ strongest interest).
    @Test func engagementRisesWithLatentAffinity() {
        let world = WorldFixtures.medium
        let u = world.users, k = WorldUsers.categoryCount
        var liked = Set<UInt64>(), saved = Set<UInt64>()
        for e in world.engagement where e.kind == .like || e.kind == .save {
            let key = UInt64(e.user) << 32 | UInt64(e.post)
            if e.kind == .like { liked.insert(key) } else { saved.insert(key) }
        }
        var shown = [Int](repeating: 0, count: 3), likes = [Int](repeating: 0, count: 3), saves = shown
        var dwell = [Double](repeating: 0, count: 3)
        for e in world.engagement where e.kind == .impression {
            let user = Int(e.user), row = u.interestVector(of: user)
            let affinity = u.interests[user * k + Int(world.posts.categories[Int(e.post)])] / row.max()!
            let b = affinity < 0.2 ? 0 : (affinity < 0.8 ? 1 : 2)
            shown[b] += 1
            dwell[b] += Double(e.dwellMs)
            let key = UInt64(e.user) << 32 | UInt64(e.post)
            if liked.contains(key) { likes[b] += 1 }
            if saved.contains(key) { saves[b] += 1 }
        }
        let likeRate = (0..<3).map { Double(likes[$0]) / Double(shown[$0]) }
        let saveRate = (0..<3).map { Double(saves[$0]) / Double(shown[$0]) }
        #expect(shown.allSatisfy { $0 > 1_000 })
        #expect(likeRate[0] < likeRate[1] && likeRate[1] < likeRate[2], "\(likeRate)")
        #expect(likeRate[2] > 3 * likeRate[0], "\(likeRate)")
        #expect(saveRate[2] > 3 * saveRate[0], "\(saveRate)")
        #expect(dwell[2] / Double(shown[2]) > 1.5 * dwell[0] / Double(shown[0]))
    }

    /// Within impressions picked the same way (from elsewhere, ∝ exposure), those whose author the viewer
    /// follows are liked more: the relationship itself carries signal.
    @Test func followingTheAuthorRaisesEngagement() {
        let world = WorldFixtures.medium
        var liked = Set<UInt64>()
        for e in world.engagement where e.kind == .like { liked.insert(UInt64(e.user) << 32 | UInt64(e.post)) }
        var shown = [0, 0], likes = [0, 0]
        for e in world.engagement where e.kind == .impression && !e.fromFollowed {
            let f = world.graph.follows(Int(e.user), Int(world.posts.authors[Int(e.post)])) ? 1 : 0
            shown[f] += 1
            if liked.contains(UInt64(e.user) << 32 | UInt64(e.post)) { likes[f] += 1 }
        }
        #expect(shown[1] > 500)
        #expect(Double(likes[1]) / Double(shown[1]) > 1.3 * Double(likes[0]) / Double(shown[0]), "\(likes) of \(shown)")
    }

    @Test func fewPostsCollectMostEngagement() {
        let stats = WorldStatistics(world: WorldFixtures.medium)
        #expect(stats.top10PercentLikeShare > 0.4, "\(stats.top10PercentLikeShare)")
        #expect(stats.top1PercentLikeShare > 0.1)
        #expect((0.03...0.3).contains(stats.likeRate))
        #expect(stats.hideRate > 0 && stats.commentRate > 0 && stats.shareRate > 0 && stats.saveRate > 0)
    }

    @Test func eventsAreTimeOrderedInsideTheSpanAndRespectPrivacy() {
        let world = WorldFixtures.medium
        let events = world.engagement
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.unixMillis <= $1.unixMillis })
        // Per-event checks are counted, not expected one by one: a million expectations would dominate the test.
        var seen = Set<UInt64>()
        var beforePost = 0, ownPost = 0, privateLeak = 0, shownTwice = 0, badDwell = 0, outsideSession = 0
        for e in events {
            let p = Int(e.post), author = Int(world.posts.authors[p]), user = Int(e.user)
            if e.unixMillis < world.posts.createdAtMillis[p] { beforePost += 1 }
            if author == user { ownPost += 1 }
            if world.users.isPrivate[author] && !world.graph.follows(user, author) { privateLeak += 1 }
            if e.kind == .impression {
                if !seen.insert(UInt64(e.user) << 32 | UInt64(e.post)).inserted { shownTwice += 1 }
                if e.dwellMs <= 0 || e.dwellMs > 60_000 { badDwell += 1 }
                if e.unixMillis >= world.config.endUnixMillis || e.unixMillis > world.users.lastActiveAtMillis[user] {
                    outsideSession += 1
                }
            }
        }
        #expect(beforePost == 0 && ownPost == 0 && privateLeak == 0)
        #expect(shownTwice == 0 && badDwell == 0 && outsideSession == 0)
        #expect(events.contains { world.users.isPrivate[Int(world.posts.authors[Int($0.post)])] })
        #expect(events.contains { $0.fromFollowed } && events.contains { !$0.fromFollowed })
    }

    @Test func noImpressionsConfiguredMeansNoEngagement() {
        var config = WorldConfig(seed: 2, userCount: 500)
        config.impressionsPerUser = 0
        let world = WorldGenerator(config: config).generate()
        #expect(world.engagement.isEmpty)
        #expect(world.likeCounts.allSatisfy { $0 == 0 })
    }
}

@Suite struct EngagementSplitTests {
    @Test func splitSeparatesPastFromFuture() {
        let world = WorldFixtures.small()
        let (index, time) = world.engagementSplit(trainFraction: 0.8)
        #expect(abs(Double(index) / Double(world.engagement.count) - 0.8) < 0.01)
        #expect(world.engagement[..<index].allSatisfy { $0.unixMillis < time })
        #expect(world.engagement[index...].allSatisfy { $0.unixMillis >= time })
    }

    @Test func affinityIsTheNormalisedInterest() {
        let world = WorldFixtures.small()
        let user = 3
        let top = world.users.primaryCategory(of: user)
        let post = (0..<world.posts.count).first { Int(world.posts.categories[$0]) == top }!
        #expect(world.affinity(user: user, post: post) == 1)
        #expect((0..<200).allSatisfy { (0...1).contains(world.affinity(user: user, post: $0)) })
    }
}
