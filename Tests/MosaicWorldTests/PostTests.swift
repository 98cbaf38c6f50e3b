import MosaicCore
import Testing
@testable import MosaicWorld

@Suite struct PostTests {
    @Test func postIDsAreUniqueTimeOrderedAndOnTheAuthorsShard() {
        let world = WorldFixtures.demo
        let p = world.posts
        #expect(Set(p.ids).count == p.count)
        var wrongTime = 0, wrongShard = 0, outOfOrder = 0
        for i in 0..<p.count {
            if p.ids[i].unixMillis != UInt64(p.createdAtMillis[i]) { wrongTime += 1 }
            if p.ids[i].shard != WorldUsers.shard(of: Int(p.authors[i])) { wrongShard += 1 }
            if i > 0 && !(p.ids[i - 1] < p.ids[i]) { outOfOrder += 1 }
        }
        #expect(wrongTime == 0 && wrongShard == 0 && outOfOrder == 0)
        #expect(p.createdAtMillis.first! >= world.config.startUnixMillis)
        #expect(p.createdAtMillis.last! < world.config.endUnixMillis)
    }

    @Test func historicalMinterStaysUniqueWhenAMillisecondOverflows() {
        var minter = HistoricalIDMinter()
        let t: Int64 = 1_767_000_000_000
        let ids = (0..<2_500).map { _ in minter.mint(unixMillis: t, shard: 9) }
        #expect(Set(ids.map(\.id)).count == 2_500)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.id < $1.id })
        #expect(ids.allSatisfy { $0.id.unixMillis == UInt64($0.unixMillis) })
        #expect(ids.last!.unixMillis == t + 2)
    }

    @Test func authorsFollowActivityAndCategoriesFollowTheirInterests() {
        let world = WorldFixtures.demo
        let p = world.posts, u = world.users, k = WorldUsers.categoryCount
        var onInterest = 0
        for i in 0..<p.count where u.interests[Int(p.authors[i]) * k + Int(p.categories[i])] >= 0.1 { onInterest += 1 }
        #expect(Double(onInterest) / Double(p.count) > 0.9)
        // A few people post most: the top 10 % of authors by activity write well over 10 % of posts.
        let byActivity = (0..<u.count).sorted { u.activity[$0] > u.activity[$1] }
        let top = Set(byActivity.prefix(u.count / 10))
        let share = Double(p.authors.filter { top.contains(Int($0)) }.count) / Double(p.count)
        #expect(share > 0.35, "\(share)")
    }

    @Test func postsMapToMosaicCoreWithCaptionsHashtagsAndLocations() {
        let world = WorldFixtures.demo
        var withTags = 0, withLocation = 0
        for i in 0..<500 {
            let post = world.post(at: i)
            #expect(post.id == world.posts.ids[i])
            #expect(post.authorID == world.users.ids[Int(world.posts.authors[i])])
            #expect(post.category == world.posts.categoryName(of: i))
            #expect(!post.caption.isEmpty && post.caption.count <= Validation.maxCaptionLength)
            #expect(post.hashtags == CaptionParser.hashtags(in: post.caption))
            #expect(post.likeCount == Int(world.likeCounts[i]))
            if !post.hashtags.isEmpty { withTags += 1 }
            if post.location != nil { withLocation += 1 }
        }
        #expect(withTags > 400)
        #expect((100...350).contains(withLocation))
    }

    @Test func commentsAreMintedUniqueAndInTimeOrder() {
        let world = WorldFixtures.small()
        let comments = world.comments()
        #expect(!comments.isEmpty)
        #expect(comments.count == world.engagement.filter { $0.kind == .comment }.count)
        #expect(Set(comments.map(\.id)).count == comments.count)
        #expect(zip(comments, comments.dropFirst()).allSatisfy { $0.id < $1.id })
        for c in comments.prefix(50) {
            #expect(c.id.shard == c.postID.shard)
            #expect(c.createdAt.timeIntervalSince1970 * 1000 >= Double(c.postID.unixMillis))
        }
    }
}
