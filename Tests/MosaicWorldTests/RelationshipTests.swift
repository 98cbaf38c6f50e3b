import Testing
@testable import MosaicWorld

@Suite struct RelationshipTests {
    @Test func messagesAndVisitsAreDeterministicInTimeAndBetweenFollowers() {
        let world = WorldFixtures.small()
        let events = world.relationships()
        #expect(events == world.relationships(), "same world, same events")
        let messages = events.filter { $0.kind == .message }.count
        #expect(messages > world.users.count / 2 && events.count - messages > 5 * world.users.count,
                "\(messages) messages, \(events.count - messages) visits")
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.unixMillis <= $1.unixMillis })
        for e in events {
            let (u, t) = (Int(e.user), Int(e.target))
            // The one who started it follows the other; a reply goes the other way.
            #expect(world.graph.follows(u, t) || (e.kind == .message && world.graph.follows(t, u)))
            #expect(e.unixMillis < world.config.endUnixMillis)
        }
    }

    /// Visits per follow edge rise with how well the followee's topics match the visitor's interests, and
    /// messages go far more often to mutual follows: the latent truth shows through, as it does for likes.
    @Test func visitsFollowLatentAffinityAndMessagesFollowFriendship() {
        let world = WorldFixtures.medium
        let users = world.users, k = WorldUsers.categoryCount
        var visits: [UInt64: Int] = [:], messages: [UInt64: Int] = [:]
        for e in world.relationships() {
            let key = UInt64(e.user) << 32 | UInt64(e.target)
            if e.kind == .profileVisit { visits[key, default: 0] += 1 } else { messages[key, default: 0] += 1 }
        }
        var edges = [Int](repeating: 0, count: 2), visited = [Int](repeating: 0, count: 2)
        var mutualEdges = 0, mutualMessages = 0, oneWayEdges = 0, oneWayMessages = 0
        for u in 0..<users.count {
            let strongest = users.interestVector(of: u).max()!
            for f32 in world.graph.following(of: u) {
                let f = Int(f32)
                let primary = users.primaryCategory(of: f)
                let b = users.interests[u * k + primary] / strongest > 0.6 ? 1 : 0
                let key = UInt64(u) << 32 | UInt64(f)
                edges[b] += 1; visited[b] += visits[key] ?? 0
                if world.graph.follows(f, u) { mutualEdges += 1; mutualMessages += messages[key] ?? 0 }
                else { oneWayEdges += 1; oneWayMessages += messages[key] ?? 0 }
            }
        }
        let visitRate = (0..<2).map { Double(visited[$0]) / Double(edges[$0]) }
        #expect(visitRate[1] > 2 * visitRate[0], "\(visitRate)")
        let mutualRate = Double(mutualMessages) / Double(mutualEdges), oneWayRate = Double(oneWayMessages) / Double(oneWayEdges)
        #expect(mutualRate > 3 * oneWayRate, "\(mutualRate) vs \(oneWayRate)")
    }
}
