import Foundation
import MosaicCore
import MosaicStore
import MosaicWorld

/// The account a newcomer logs in with: interested in food, travel and nature, following the strongest
/// creators of those interests and a few celebrities, with a history of likes — so the ranked feed and
/// Explore have something to work with from the first page.
enum DemoAccount {
    static func create(in store: any BulkImportStore & AccountStore, world: World, passwordHash: String) async throws {
        let ids = IDGenerator()
        let now = Date()
        let me = User(id: ids.next(shard: 1), username: "demo", fullName: "Demo Visitor",
                      bio: "Trying out Mosaic · food, travel and nature", region: world.users.regionCode(of: 0),
                      createdAt: now, lastActiveAt: now)
        let wanted = ["food", "travel", "nature"].compactMap { InterestCategory.all.firstIndex(of: $0) }
        // Creators whose primary interest is one of ours, most followed first.
        let creators = (0..<world.users.count)
            .filter { wanted.contains(world.users.primaryCategory(of: $0)) && !world.users.isPrivate[$0] }
            .sorted { world.graph.followerCount(of: $0) > world.graph.followerCount(of: $1) }
            .prefix(40)
        let celebrities = world.users.celebrities.prefix(5).map(Int.init)
        let followees = Array(Set(creators).union(celebrities))
        var meWithCounts = me
        meWithCounts.followingCount = followees.count
        try await store.importUsers([meWithCounts], passwordHash: passwordHash)
        try await store.importFollows(followees.map { (follower: me.id, followee: world.users.ids[$0], edgeID: ids.next(shard: 1), at: now) })
        try await store.setInterests(user: me.id, ["food", "travel", "nature"])
        // A like history in the same interests: recent, well-liked posts by accounts we don't follow.
        let followed = Set(followees)
        let candidates = (0..<world.posts.count).reversed().filter { p in
            wanted.contains(Int(world.posts.categories[p])) && !followed.contains(Int(world.posts.authors[p]))
                && !world.users.isPrivate[Int(world.posts.authors[p])]
        }.prefix(400)
        let liked = candidates.sorted { world.likeCounts[$0] > world.likeCounts[$1] }.prefix(30)
        try await store.importLikes(liked.map { (user: me.id, post: world.posts.ids[$0], at: now) })
    }
}
