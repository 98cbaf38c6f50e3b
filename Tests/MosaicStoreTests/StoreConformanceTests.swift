import Foundation
import Testing
import MosaicCore
import MosaicStore

/// The storage conformance suite: every engine must pass all of it.
@Suite struct StoreConformanceTests {
    @Test(arguments: Engine.allCases) func accountsAndSessions(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let jane = try await f.account("jane")
        await #expect(throws: MosaicError.self) { _ = try await f.account("jane") }
        #expect(try await f.store.user(username: "JANE")?.id == jane.id)
        #expect(try await f.store.passwordHash(username: "jane")?.0 == jane.id)
        let token: [UInt8] = Array(repeating: 7, count: 32)
        try await f.store.createSession(userID: jane.id, tokenHash: token, createdAt: f.now, expiresAt: f.now.addingTimeInterval(60))
        #expect(try await f.store.sessionUser(tokenHash: token, now: f.now) == jane.id)
        #expect(try await f.store.sessionUser(tokenHash: token, now: f.now.addingTimeInterval(61)) == nil)
        try await f.store.deleteSession(tokenHash: token)
        #expect(try await f.store.sessionUser(tokenHash: token, now: f.now) == nil)
        let updated = try await f.store.updateProfile(id: jane.id, ProfileChanges(fullName: "Jane D", bio: "hi"), at: f.now)
        #expect(updated.fullName == "Jane D" && updated.bio == "hi")
    }

    @Test(arguments: Engine.allCases) func followsRequestsAndBlocks(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice"), b = try await f.account("bob"), c = try await f.account("carol", private: true)
        #expect(try await f.store.follow(follower: a.id, followee: b.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now) == .following)
        #expect(try await f.store.follow(follower: a.id, followee: b.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now) == .following)
        #expect(try await f.store.user(id: b.id)?.followerCount == 1, "a repeated follow counts once")
        #expect(try await f.store.follow(follower: a.id, followee: c.id, edgeID: f.ids.next(shard: 1), requiresApproval: true, at: f.now) == .requested)
        #expect(try await f.store.followRequests(owner: c.id, page: PageRequest()).items == [a.id])
        #expect(try await f.store.resolveFollowRequest(owner: c.id, requester: a.id, approve: true, edgeID: f.ids.next(shard: 1), at: f.now))
        #expect(try await f.store.relationship(viewer: a.id, target: c.id).follows == .following)
        #expect(try await !f.store.resolveFollowRequest(owner: c.id, requester: a.id, approve: true, edgeID: f.ids.next(shard: 1), at: f.now))

        _ = try await f.store.follow(follower: b.id, followee: a.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now)
        try await f.store.block(blocker: a.id, blocked: b.id, at: f.now)
        let rel = try await f.store.relationship(viewer: b.id, target: a.id)
        #expect(rel.follows == .none && rel.followedBy == .none && rel.blockedByTarget)
        #expect(try await f.store.user(id: a.id)?.followerCount == 0)
        #expect(try await f.store.user(id: a.id)?.followingCount == 1, "only the follow of carol is left")
        #expect(try await f.store.blockedEitherWay(b.id) == [a.id])
        try await f.store.unblock(blocker: a.id, blocked: b.id)
        #expect(try await f.store.blockedEitherWay(b.id).isEmpty)
    }

    @Test(arguments: Engine.allCases) func cursorPagesStayStableWhileEdgesArrive(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let star = try await f.account("star")
        var fans: [User] = []
        for i in 0..<25 {
            let u = try await f.account("fan\(i)")
            fans.append(u)
            _ = try await f.store.follow(follower: u.id, followee: star.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now)
        }
        var seen: [UserID] = []
        var page = try await f.store.followers(of: star.id, page: PageRequest(limit: 10))
        seen += page.items
        // New followers arrive between page fetches: they must not shift the pages already being walked.
        for i in 0..<5 {
            let u = try await f.account("late\(i)")
            _ = try await f.store.follow(follower: u.id, followee: star.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now)
        }
        while let next = page.nextCursor {
            page = try await f.store.followers(of: star.id, page: PageRequest(after: next.keys[0], limit: 10))
            seen += page.items
        }
        #expect(seen.count == 25)
        #expect(Set(seen) == Set(fans.map(\.id)))
    }

    @Test(arguments: Engine.allCases) func mediaIsClaimedOnceAndExpires(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice"), b = try await f.account("bob")
        let m = try await f.media(owner: a)
        func newPost(_ author: User, _ media: [MediaID], at: Date) -> NewPost {
            NewPost(id: f.ids.next(shard: author.id.shard), authorID: author.id, caption: "", hashtags: [], mentions: [],
                    location: nil, taggedUserIDs: [], mediaIDs: media, altTexts: [], category: "", regions: ["eu", "as"],
                    createdAt: at)
        }
        await #expect(throws: MosaicError.self, "not the owner") { _ = try await f.store.createPost(newPost(b, [m.id], at: f.now)) }
        await #expect(throws: MosaicError.self, "expired") {
            _ = try await f.store.createPost(newPost(a, [m.id], at: f.now.addingTimeInterval(86_401)))
        }
        let p = try await f.store.createPost(newPost(a, [m.id], at: f.now))
        #expect(p.media.map(\.mediaID) == [m.id])
        let stored = try await f.store.post(id: p.id)
        #expect(p.regions == ["eu", "as"] && stored?.regions == ["eu", "as"], "regions round-trip")
        await #expect(throws: MosaicError.self, "used twice") { _ = try await f.store.createPost(newPost(a, [m.id], at: f.now)) }
        #expect(try await f.store.media(id: m.id)?.usedBy == p.id)
        #expect(try await f.store.media(id: m.id)?.descriptor == [0.5, 0.25])

        let unused = try await f.media(owner: a)
        let expired = try await f.store.expiredMedia(now: f.now.addingTimeInterval(86_401), limit: 10)
        #expect(expired.map(\.id) == [unused.id], "used media never expire")
        try await f.store.deleteMedia(ids: [unused.id, m.id])
        #expect(try await f.store.media(id: unused.id) == nil)
        #expect(try await f.store.media(id: m.id) != nil)
    }

    @Test(arguments: Engine.allCases) func postsTagsAndSoftDelete(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice")
        var posts: [Post] = []
        for i in 0..<7 { posts.append(try await f.post(by: a, caption: "day \(i) #Travel #café")) }
        #expect(try await f.store.user(id: a.id)?.postCount == 7)
        let p1 = try await f.store.posts(author: a.id, page: PageRequest(limit: 5))
        #expect(p1.items.map(\.id) == posts.reversed().prefix(5).map(\.id))
        let p2 = try await f.store.posts(author: a.id, page: PageRequest(after: p1.nextCursor!.keys[0], limit: 5))
        #expect(p2.items.count == 2 && p2.nextCursor == nil)
        #expect(try await f.store.posts(tag: "café", page: PageRequest(limit: 50)).items.count == 7)
        #expect(try await f.store.deletePost(id: posts[0].id, author: a.id, at: f.now))
        #expect(try await !f.store.deletePost(id: posts[0].id, author: a.id, at: f.now))
        #expect(try await f.store.post(id: posts[0].id) == nil)
        #expect(try await f.store.posts(tag: "travel", page: PageRequest(limit: 50)).items.count == 6)
        #expect(try await f.store.postCount(author: a.id, since: f.now.addingTimeInterval(-1)) == 7, "deleted posts still count toward the daily quota")
    }

    @Test(arguments: Engine.allCases) func likesCountExactlyUnderConcurrency(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice")
        let post = try await f.post(by: a)
        var users: [User] = []
        for i in 0..<20 { users.append(try await f.account("u\(i)")) }
        let store = f.store, now = f.now
        try await withThrowingTaskGroup(of: Void.self) { g in
            for u in users { for _ in 0..<3 { g.addTask { _ = try await store.like(user: u.id, post: post.id, at: now) } } }
            try await g.waitForAll()
        }
        #expect(try await f.store.post(id: post.id)?.likeCount == 20)
        #expect(try await f.store.unlike(user: users[0].id, post: post.id) == (19, true))
        #expect(try await f.store.unlike(user: users[0].id, post: post.id) == (19, false))
        #expect(try await f.store.likedAmong(user: users[1].id, posts: [post.id]) == [post.id])
        #expect(try await f.store.save(user: users[1].id, post: post.id, at: now))
        #expect(try await !f.store.save(user: users[1].id, post: post.id, at: now))
        #expect(try await f.store.savedPosts(user: users[1].id, page: PageRequest()).items == [post.id])
    }

    @Test(arguments: Engine.allCases) func threadedComments(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice")
        let post = try await f.post(by: a)
        let top = try await f.store.addComment(Comment(id: f.ids.next(shard: 1), postID: post.id, authorID: a.id, parentID: nil, text: "first", createdAt: f.now))
        for i in 0..<3 {
            _ = try await f.store.addComment(Comment(id: f.ids.next(shard: 1), postID: post.id, authorID: a.id, parentID: top.id, text: "reply \(i)", createdAt: f.now))
        }
        #expect(try await f.store.comments(post: post.id, parent: nil, page: PageRequest()).items.map(\.text) == ["first"])
        let replies = try await f.store.comments(post: post.id, parent: top.id, page: PageRequest(limit: 2))
        #expect(replies.items.map(\.text) == ["reply 0", "reply 1"])
        let more = try await f.store.comments(post: post.id, parent: top.id, page: PageRequest(after: replies.nextCursor!.keys[0], limit: 2))
        #expect(more.items.map(\.text) == ["reply 2"] && more.nextCursor == nil)
        #expect(try await f.store.post(id: post.id)?.commentCount == 4)
        #expect(try await f.store.comment(id: top.id)?.replyCount == 3)
    }
}

extension StoreConformanceTests {
    @Test(arguments: Engine.allCases) func engagementHistory(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice"), b = try await f.account("bob")
        let p1 = try await f.post(by: a), p2 = try await f.post(by: a), p3 = try await f.post(by: a)
        _ = try await f.store.like(user: b.id, post: p1.id, at: f.now)
        _ = try await f.store.save(user: b.id, post: p2.id, at: f.now.addingTimeInterval(5))
        _ = try await f.store.like(user: b.id, post: p3.id, at: f.now.addingTimeInterval(10))
        _ = try await f.store.like(user: b.id, post: p2.id, at: f.now.addingTimeInterval(1))
        #expect(try await f.store.recentlyEngagedPosts(user: b.id, limit: 10) == [p3.id, p2.id, p1.id])
        let likes = try await f.store.recentLikes(byUsers: [b.id, a.id], since: f.now.addingTimeInterval(0.5), limit: 10)
        #expect(likes.map(\.post) == [p3.id, p2.id] && likes.allSatisfy { $0.user == b.id })
    }

    @Test(arguments: Engine.allCases) func dismissalsAndRestrictedCategories(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let a = try await f.account("alice"), b = try await f.account("bob"), c = try await f.account("carol")
        let p1 = try await f.post(by: a), p2 = try await f.post(by: a)
        #expect(try await !f.store.dismiss(user: b.id, post: p1.id, report: false, at: f.now), "a hide is not a report")
        #expect(try await f.store.dismiss(user: b.id, post: p1.id, report: true, at: f.now.addingTimeInterval(1)))
        #expect(try await !f.store.dismiss(user: b.id, post: p1.id, report: true, at: f.now.addingTimeInterval(2)),
                "one account's reports count once")
        #expect(try await !f.store.dismiss(user: b.id, post: p1.id, report: false, at: f.now.addingTimeInterval(3)),
                "a later hide does not undo the report")
        #expect(try await f.store.dismiss(user: c.id, post: p1.id, report: true, at: f.now))
        _ = try await f.store.dismiss(user: b.id, post: p2.id, report: false, at: f.now.addingTimeInterval(2))
        #expect(try await f.store.post(id: p1.id)?.reportCount == 2)
        #expect(try await f.store.post(id: p2.id)?.reportCount == 0)
        #expect(try await f.store.dismissedPosts(user: b.id, limit: 10) == [p1.id, p2.id], "most recent first")
        #expect(try await f.store.dismissedPosts(user: a.id, limit: 10).isEmpty)

        try await f.store.setRestrictedCategories(user: b.id, ["travel", "cars"])
        #expect(try await f.store.restrictedCategories(user: b.id) == ["cars", "travel"])
        try await f.store.setRestrictedCategories(user: b.id, ["food"])
        #expect(try await f.store.restrictedCategories(user: b.id) == ["food"], "replaced as a whole")
        #expect(try await f.store.restrictedCategories(user: c.id).isEmpty)

        // Explore's one-call viewer state reads exactly what the separate calls read.
        _ = try await f.store.follow(follower: b.id, followee: a.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now)
        try await f.store.block(blocker: c.id, blocked: b.id, at: f.now)
        _ = try await f.store.like(user: b.id, post: p2.id, at: f.now)
        try await f.store.setInterests(user: b.id, ["travel", "pets"])
        let state = try await f.store.exploreViewerState(b.id, engagedLimit: 10, dismissedLimit: 1)
        #expect(state.user?.id == b.id && state.followees == [a.id] && state.blocked == [c.id])
        #expect(state.recentlyEngaged == [p2.id] && state.interests == ["travel", "pets"])
        #expect(state.dismissed == [p1.id] && state.restrictedCategories == ["food"])
    }
}

extension StoreConformanceTests {
    @Test(arguments: Engine.allCases) func bulkImportRoundTrips(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        guard let bulk = f.store as? any BulkImportStore else { Issue.record("engine lacks bulk import"); return }
        let a = User(id: f.ids.next(shard: 3), username: "imported_a", fullName: "A", bio: "hi", followerCount: 1,
                     postCount: 1, region: "eu", createdAt: f.now, lastActiveAt: f.now)
        let b = User(id: f.ids.next(shard: 4), username: "imported_b", followingCount: 1, createdAt: f.now, lastActiveAt: f.now)
        try await bulk.importUsers([a, b], passwordHash: "x")
        try await bulk.importFollows([(follower: b.id, followee: a.id, edgeID: f.ids.next(shard: 4), at: f.now)])
        let mid = f.ids.next(shard: 3)
        try await bulk.importMedia([MediaRecord(id: mid, ownerID: a.id, width: 1080, height: 1080, variants: ["1080"],
                                                placeholder: "p", createdAt: f.now, expiresAt: f.now, usedBy: nil)])
        let pid = f.ids.next(shard: 3)
        try await bulk.importPosts([Post(id: pid, authorID: a.id, caption: "#x", hashtags: ["x"], mentions: [], location: nil,
                                         taggedUserIDs: [], media: [PostMedia(mediaID: mid, position: 0, width: 1080, height: 1080, altText: "", placeholder: "p")],
                                         likeCount: 1, category: "art", createdAt: f.now)])
        try await bulk.importLikes([(user: b.id, post: pid, at: f.now)])
        #expect(try await f.store.user(username: "imported_a")?.followerCount == 1)
        #expect(try await f.store.followers(of: a.id, page: PageRequest()).items == [b.id])
        #expect(try await f.store.post(id: pid)?.likeCount == 1)
        #expect(try await f.store.posts(tag: "x", page: PageRequest()).items.count == 1)
        #expect(try await f.store.likedAmong(user: b.id, posts: [pid]) == [pid])
    }
}
