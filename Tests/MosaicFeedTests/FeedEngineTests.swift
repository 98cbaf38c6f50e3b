import Foundation
import MosaicCore
import MosaicStore
import Testing
@testable import MosaicFeed

@Suite struct FeedEngineTests {
    @Test func ordinaryPostsAreFannedOutAndTheAuthorSeesTheirsAtOnce() async throws {
        let f = try FeedFixture()
        let author = try await f.account("author"), a = try await f.account("a"), b = try await f.account("b")
        try await f.follow(a, author); try await f.follow(b, author)
        let p = try await f.post(by: author)
        #expect(try await f.feed(author) == [p.id], "own post, before any fan-out ran")
        #expect(try await f.rows(of: p.id, readers: [a, b]) == 0, "the job is queued, not yet run")
        try await f.engine.drain()
        #expect(try await f.rows(of: p.id, readers: [a, b]) == 2)
        #expect(try await f.feed(a) == [p.id])
        #expect(try await f.store.pendingFanOuts(limit: 10).isEmpty)
        #expect(f.engine.fanOutCounters.timelineWrites == 2)
    }

    @Test func celebrityPostsCostNoTimelineWritesAndArePulled() async throws {
        let f = try FeedFixture { $0.celebrityThreshold = 3 }
        let star = try await f.account("star")
        var fans: [UserID] = []
        for i in 0..<4 { let u = try await f.account("fan\(i)"); try await f.follow(u, star); fans.append(u) }
        let p = try await f.post(by: star)
        try await f.engine.drain()
        #expect(f.engine.fanOutCounters.timelineWrites == 0 && f.engine.fanOutCounters.pulledPosts == 1)
        #expect(try await f.rows(of: p.id, readers: fans) == 0)
        for u in fans { #expect(try await f.feed(u) == [p.id]) }
    }

    @Test func inactiveFollowersAreSkippedAndRebuiltWhenTheyReturn() async throws {
        let f = try FeedFixture()
        let author = try await f.account("author"), idle = try await f.account("idle"), busy = try await f.account("busy")
        try await f.follow(idle, author); try await f.follow(busy, author)
        _ = try await f.feed(idle)                       // both have read their feed once
        _ = try await f.feed(busy)
        f.clock.advance(by: 8 * 86_400)
        try await f.store.touch(userID: busy, at: f.clock.now())
        try await f.store.touch(userID: author, at: f.clock.now())
        let p = try await f.post(by: author)
        try await f.engine.drain()
        #expect(try await f.rows(of: p.id, readers: [busy]) == 1)
        #expect(try await f.rows(of: p.id, readers: [idle]) == 0, "no write for a reader away a week")
        #expect(try await f.feed(idle) == [p.id], "rebuilt by pull on return")
        #expect(try await f.rows(of: p.id, readers: [idle]) == 1, "and persisted again")
    }

    @Test func readersFollowingThousandsGetNoPushButMissNothing() async throws {
        let f = try FeedFixture { $0.maxPushFollowing = 2 }
        let heavy = try await f.account("heavy"), light = try await f.account("light")
        var authors: [UserID] = []
        for i in 0..<3 { let a = try await f.account("au\(i)"); authors.append(a); try await f.follow(heavy, a) }
        try await f.follow(light, authors[0])
        var posts: [PostID] = []
        for a in authors { posts.append(try await f.post(by: a).id) }
        try await f.engine.drain()
        #expect(try await f.rows(of: posts[0], readers: [heavy]) == 0)
        #expect(try await f.rows(of: posts[0], readers: [light]) == 1)
        #expect(try await f.feed(heavy) == posts.reversed())
    }

    @Test func unfollowBlockAndDeleteTakeEffectOnTheNextRead() async throws {
        let f = try FeedFixture()
        let a = try await f.account("a"), b = try await f.account("b"), c = try await f.account("c"), r = try await f.account("r")
        for x in [a, b, c] { try await f.follow(r, x) }
        let pa = try await f.post(by: a), pb = try await f.post(by: b), pc = try await f.post(by: c)
        try await f.engine.drain()
        #expect(try await f.feed(r) == [pc.id, pb.id, pa.id])
        // Store changes only: the engine's cleanup has not run, reads must already reflect them.
        _ = try await f.store.unfollow(follower: r, followee: a)
        try await f.store.block(blocker: b, blocked: r, at: f.clock.now())
        _ = try await f.store.deletePost(id: pc.id, author: c, at: f.clock.now())
        f.engine.posts.remove(pc.id)
        #expect(try await f.feed(r).isEmpty)
        try await f.engine.unfollowed(follower: r, followee: a)
        try await f.engine.blocked(blocker: b, blocked: r)
        try await f.engine.postDeleted(pc.id, author: c)
        #expect(try await f.store.timeline(user: r, limit: 10).isEmpty, "the durable timeline is cleaned too")
    }

    @Test func aWindowFullOfUnfollowedEntriesDoesNotEndThePage() async throws {
        let f = try FeedFixture()
        let a = try await f.account("a"), b = try await f.account("b"), r = try await f.account("r")
        try await f.follow(r, a); try await f.follow(r, b)
        let older = try await f.post(by: b)
        for _ in 0..<30 { try await f.post(by: a) }
        try await f.engine.drain()
        _ = try await f.store.unfollow(follower: r, followee: a)   // the timeline still holds a's 30 entries
        #expect(try await f.feed(r, limit: 5) == [older.id])
    }

    @Test func deletedPostsDisappearFromTheHydrationCacheAtOnce() async throws {
        let f = try FeedFixture()
        let a = try await f.account("a"), r = try await f.account("r")
        try await f.follow(r, a)
        let p = try await f.post(by: a)
        try await f.engine.drain()
        #expect(try await f.feed(r) == [p.id])            // now cached
        _ = try await f.store.deletePost(id: p.id, author: a, at: f.clock.now())
        try await f.engine.postDeleted(p.id, author: a)
        #expect(try await f.feed(r).isEmpty)
    }

    @Test func privatePostsReachApprovedFollowersOnly() async throws {
        let f = try FeedFixture()
        let owner = try await f.account("owner", private: true), friend = try await f.account("friend"), asker = try await f.account("asker")
        try await f.follow(friend, owner)
        _ = try await f.store.follow(follower: asker, followee: owner, edgeID: f.ids.next(shard: 1), requiresApproval: true, at: f.clock.now())
        let p = try await f.post(by: owner)
        try await f.engine.drain()
        #expect(try await f.feed(friend) == [p.id])
        #expect(try await f.feed(asker).isEmpty)
        #expect(try await f.rows(of: p.id, readers: [asker]) == 0)
    }

    @Test func aFanOutInterruptedMidWayResumesWithoutLossOrDuplicates() async throws {
        let f = try FeedFixture { $0.fanOutBatchSize = 3; $0.celebrityThreshold = 100 }
        let author = try await f.account("author")
        var readers: [UserID] = []
        for i in 0..<10 { let u = try await f.account("r\(i)"); try await f.follow(u, author); readers.append(u) }
        let p = try await f.post(by: author)
        // Stage a crash: one batch written and the cursor moved, then the worker died.
        let job = try #require(try await f.store.pendingFanOuts(limit: 1).first)
        let first = try await f.store.fanOutTargets(author: author, after: 0, activeSince: .distantPast, maxFollowing: 10_000, limit: 3)
        try await f.store.applyFanOut(job, followers: first.followers, cursor: first.cursor, finished: false)
        // A worker that crashed after writing the next batch but before moving the cursor replays it.
        let second = try await f.store.fanOutTargets(author: author, after: first.cursor, activeSince: .distantPast, maxFollowing: 10_000, limit: 3)
        try await f.store.insertTimeline(user: second.followers[0], entries: [TimelineEntry(postID: p.id, authorID: author)])
        #expect(try await f.rows(of: p.id, readers: readers) == 4)
        try await f.engine.drain()                        // the restarted worker
        #expect(try await f.rows(of: p.id, readers: readers) == 10)
        for r in readers {
            let line = try await f.store.timeline(user: r, limit: 100)
            #expect(line.filter { $0.postID == p.id }.count == 1)
            #expect(try await f.feed(r) == [p.id])
        }
        #expect(try await f.store.pendingFanOuts(limit: 10).isEmpty)
    }

    @Test func timePagesStayStableWhilePostsArrive() async throws {
        let f = try FeedFixture()
        let a = try await f.account("a"), r = try await f.account("r")
        try await f.follow(r, a)
        var made: [PostID] = []
        for _ in 0..<7 { made.append(try await f.post(by: a).id) }
        try await f.engine.drain()
        var seen: [PostID] = []
        var cursor: [UInt64] = []
        while true {
            let page = try await f.engine.page(viewer: r, cursor: cursor, limit: 3, chronological: true)
            seen += page.posts.map(\.id)
            _ = try await f.post(by: a)                   // new posts land at the head between pages
            try await f.engine.drain()
            guard let next = page.next else { break }
            cursor = next
        }
        #expect(seen == made.reversed())
    }

    @Test func timelinesSurviveARestartOfTheEngine() async throws {
        let f = try FeedFixture()
        let a = try await f.account("a"), r = try await f.account("r")
        try await f.follow(r, a)
        _ = try await f.feed(r)
        let p = try await f.post(by: a)
        try await f.engine.drain()
        let restarted = FeedEngine(store: f.store, configuration: f.engine.configuration, clock: f.clock)
        try await restarted.warmUp()
        #expect(try await restarted.page(viewer: r, cursor: [], limit: 10, chronological: true).posts.map(\.id) == [p.id])
        #expect(restarted.fanOutCounters.rebuilds == 0, "loaded from the durable timeline, not rebuilt")
    }
}
