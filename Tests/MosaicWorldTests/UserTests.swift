import MosaicCore
import Testing
@testable import MosaicWorld

@Suite struct UserTests {
    @Test func usernamesAreUniqueAndValidAndNamesLookReal() throws {
        let world = WorldFixtures.demo
        #expect(Set(world.users.usernames).count == world.users.count)
        let invalid = world.users.usernames.filter { (try? Validation.username($0)) != $0 }
        #expect(invalid.isEmpty, "\(invalid.prefix(5))")
        for full in world.users.fullNames.prefix(2_000) {
            let parts = full.split(separator: " ")
            #expect(parts.count == 2)
            #expect(parts.allSatisfy { $0.first!.isUppercase && $0.count >= 3 })
        }
        for i in stride(from: 0, to: world.users.count, by: 97) {
            #expect(world.bio(ofUser: i).count <= Validation.maxBioLength)
        }
    }

    @Test func interestsAreSparseMixesOfTwoToFourStrongCategories() {
        let u = WorldFixtures.demo.users
        var twoToFour = 0, notNormalised = 0
        for i in 0..<u.count {
            let row = u.interestVector(of: i)
            if abs(row.reduce(0, +) - 1) > 1e-3 { notNormalised += 1 }
            let strong = row.filter { $0 >= 0.1 }.count
            if (2...4).contains(strong) { twoToFour += 1 }
        }
        #expect(notNormalised == 0)
        #expect(Double(twoToFour) / Double(u.count) > 0.6, "\(twoToFour)")
    }

    @Test func aboutTenPercentArePrivateAndActivityIsHeavyTailed() {
        let u = WorldFixtures.demo.users
        let privateShare = Double(u.isPrivate.filter { $0 }.count) / Double(u.count)
        #expect((0.08...0.12).contains(privateShare))
        let activity = u.activity.sorted()
        #expect(activity.last! > 10 * activity[activity.count / 2])
    }

    @Test func userIDsAreUniqueOnTheUsersShard() {
        let world = WorldFixtures.demo
        #expect(Set(world.users.ids).count == world.users.count)
        #expect((0..<world.users.count).allSatisfy { world.users.ids[$0].shard == WorldUsers.shard(of: $0) })
        // Shards are spread: 20 K users over 8,192 shards touch thousands of them.
        #expect(Set(world.users.ids.map(\.shard)).count > 7_000)
    }

    @Test func givenIDGeneratorMintsTheUserIDs() {
        let clock: UInt64 = 1_767_225_600_000 + 5_000
        let world = WorldGenerator(config: WorldConfig(seed: 3, userCount: 500))
            .generate(idGenerator: IDGenerator(unixMillis: { clock }))
        #expect(world.users.ids.allSatisfy { $0.unixMillis == clock })
        let user = world.user(at: 10)
        #expect(user.id == world.users.ids[10])
        #expect(user.followerCount == world.graph.followerCount(of: 10))
        #expect(user.region == world.users.regionCode(of: 10))
    }
}
