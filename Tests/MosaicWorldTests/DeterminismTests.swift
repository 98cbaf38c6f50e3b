import MosaicCore
import Testing
@testable import MosaicWorld

@Suite struct DeterminismTests {
    @Test func sameSeedGivesIdenticalWorld() {
        let a = WorldFixtures.small(seed: 11), b = WorldFixtures.small(seed: 11)
        #expect(a.users.ids == b.users.ids)
        #expect(a.users.usernames == b.users.usernames)
        #expect(a.users.fullNames == b.users.fullNames)
        #expect(a.users.interests == b.users.interests)
        #expect(a.users.isPrivate == b.users.isPrivate)
        #expect(a.graph.followingOffsets == b.graph.followingOffsets)
        #expect(a.graph.followingTargets == b.graph.followingTargets)
        #expect(a.posts.ids == b.posts.ids)
        #expect(a.posts.authors == b.posts.authors)
        #expect(a.posts.categories == b.posts.categories)
        #expect(a.engagement == b.engagement)
        #expect(a.post(at: 17) == b.post(at: 17))
        #expect(a.user(at: 5) == b.user(at: 5))
        #expect(a.comments() == b.comments())
        #expect(a.image(ofPost: 3).render(width: 48, height: 48) == b.image(ofPost: 3).render(width: 48, height: 48))
    }

    @Test func differentSeedGivesDifferentWorld() {
        let a = WorldFixtures.small(seed: 11), b = WorldFixtures.small(seed: 12)
        #expect(a.users.usernames != b.users.usernames)
        #expect(a.graph.followingTargets != b.graph.followingTargets)
        #expect(a.engagement != b.engagement)
    }

    @Test func progressIsReportedInOrderAndFinishes() {
        var stages: [WorldProgress.Stage] = []
        var overall: [Double] = []
        _ = WorldGenerator(config: WorldConfig(seed: 1, userCount: 1_000)).generate { p in
            if stages.last != p.stage { stages.append(p.stage) }
            overall.append(p.overall)
        }
        #expect(stages == [.users, .graph, .posts, .engagement, .done])
        #expect(zip(overall, overall.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(overall.last == 1)
    }

    @Test func randomStreamsAreReproducibleAndIndependent() {
        var a = WorldRandom(seed: 5, stream: 1), b = WorldRandom(seed: 5, stream: 1), c = WorldRandom(seed: 5, stream: 2)
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
        var r = WorldRandom(seed: 9)
        let mean = (0..<20_000).map { _ in r.unit() }.reduce(0, +) / 20_000
        #expect(abs(mean - 0.5) < 0.01)
        let below = (0..<20_000).map { _ in r.below(10) }
        #expect(below.allSatisfy { (0..<10).contains($0) })
        #expect(Set(below).count == 10)
    }
}
