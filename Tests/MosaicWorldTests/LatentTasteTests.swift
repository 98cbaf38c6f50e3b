import Foundation
import MosaicCore
import Testing
@testable import MosaicWorld

@Suite struct LatentTasteTests {
    /// The truth a cold-start benchmark judges by is the engagement model's own, post by post.
    @Test func likeProbabilityIsTheEngagementModelsWithoutFollowing() {
        let world = WorldFixtures.small()
        let user = 12
        let taste = LatentTaste(world: world, user: user)
        let popularity = world.authorPopularity
        var checked = 0
        for p in stride(from: 0, to: world.posts.count, by: 97) {
            let a = Int(world.posts.authors[p])
            if world.users.isPrivate[a] { #expect(taste.likeProbability[p] == 0); continue }
            let expected = EngagementModel().likeProbability(.init(
                affinity: world.affinity(user: user, post: p), follows: false, popularity: popularity[a],
                logQuality: log(Double(world.posts.quality[p]))))
            #expect(abs(taste.likeProbability[p] - expected) < 1e-9)
            checked += 1
        }
        #expect(checked > 50)
        #expect(taste.rankedCategories.first == InterestCategory.all[world.users.primaryCategory(of: user)])
    }

    /// Browsing finds liked posts mostly in the viewer's strong interests, each at most once, only among
    /// eligible posts, and stops at the count asked for.
    @Test func browsingLikesFollowTheTaste() {
        let world = WorldFixtures.small()
        let user = 40
        let taste = LatentTaste(world: world, user: user)
        let eligible = Array(stride(from: 0, to: world.posts.count, by: 2))
        let browsing = LatentBrowsing(world: world, eligible: eligible, exposure: world.exposure)
        var rng = WorldRandom(seed: 3), draw = WorldRandom(seed: 4)
        let likes = browsing.likes(40, interests: taste.interests, &rng) { draw.unit() < taste.likeProbability[$0] }
        #expect(likes.count == 40)
        #expect(Set(likes).count == likes.count)
        #expect(likes.allSatisfy { $0 % 2 == 0 && !world.users.isPrivate[Int(world.posts.authors[$0])] })
        let strong = likes.filter { world.affinity(user: user, post: $0) >= 0.5 }.count
        let base = eligible.filter { world.affinity(user: user, post: $0) >= 0.5 }.count
        // Liked posts are far more often in strong interests than the catalogue is.
        #expect(Double(strong) / 40 > 1.5 * Double(base) / Double(eligible.count), "\(strong) of 40 vs \(base) of \(eligible.count)")
    }
}
