import Foundation
import MosaicCore
import MosaicFeed
import Testing
@testable import MosaicAPI

/// The hybrid home feed through the real server: privacy, blocks, celebrities and ranked paging.
@Suite struct HomeFeedAPITests {
    func ids(_ r: Reply) -> [String] { r.list("posts").compactMap { $0["post_id"] as? String } }

    @Test func privatePostsReachApprovedFollowersOnly() async throws {
        let s = try await TestServer.start()
        let owner = try await s.signUp("owner"), fan = try await s.signUp("fan")
        _ = try await owner.client.patch("/api/v1/me", ["is_private": true])
        #expect(try await fan.client.post("/api/v1/users/\(owner.id)/follow").status == 200)
        let p = try await s.post(by: owner)
        #expect(try await !ids(fan.client.get("/api/v1/feed")).contains(p), "a pending request sees nothing")
        #expect(try await owner.client.post("/api/v1/me/follow_requests/\(fan.id)/approve").status == 204)
        #expect(try await ids(fan.client.get("/api/v1/feed")).contains(p), "approval backfills recent posts")
    }

    @Test func blockTakesEffectOnTheNextRead() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("a"), r = try await s.signUp("r")
        _ = try await r.client.post("/api/v1/users/\(a.id)/follow")
        let p = try await s.post(by: a)
        #expect(try await ids(r.client.get("/api/v1/feed")) == [p])
        #expect(try await a.client.post("/api/v1/users/\(r.id)/block").status == 204)
        #expect(try await ids(r.client.get("/api/v1/feed")).isEmpty)
    }

    @Test func celebrityPostsArePulledNotPushed() async throws {
        let s = try await TestServer.start { $0.feed.celebrityThreshold = 2 }
        let star = try await s.signUp("star")
        var fans: [TestUser] = []
        for i in 0..<3 {
            let u = try await s.signUp("fan\(i)")
            _ = try await u.client.post("/api/v1/users/\(star.id)/follow")
            fans.append(u)
        }
        let engine = try #require(s.services.feedEngine)
        let before = engine.fanOutCounters
        let p = try await s.post(by: star)
        let after = engine.fanOutCounters
        #expect(after.timelineWrites == before.timelineWrites, "a celebrity post costs no timeline write")
        #expect(after.pulledPosts == before.pulledPosts + 1)
        for f in fans { #expect(try await ids(f.client.get("/api/v1/feed")) == [p]) }
    }

    @Test func rankedPagesCoverEveryPostOnce() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("a"), b = try await s.signUp("b"), r = try await s.signUp("r")
        _ = try await r.client.post("/api/v1/users/\(a.id)/follow")
        _ = try await r.client.post("/api/v1/users/\(b.id)/follow")
        var made = Set<String>()
        for i in 0..<9 { made.insert(try await s.post(by: i % 2 == 0 ? a : b)) }
        // A scorer that prefers b's posts: the ranked order differs from time order.
        let engine = try #require(s.services.feedEngine)
        engine.install(scorer: PreferAuthor(author: MosaicID(b.id)!))
        var seen: [String] = []
        var cursor: String? = nil
        repeat {
            let page = try await r.client.get("/api/v1/feed?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == 200)
            seen += ids(page)
            cursor = page.string("next_cursor")
            _ = try await s.post(by: a)                    // arrivals between pages do not disturb the snapshot
        } while cursor != nil
        #expect(seen.count == made.count && Set(seen) == made, "no duplicate, no skip")
        let firstFour = Set(seen.prefix(4))
        let bPosts = try await Set(ids(r.client.get("/api/v1/users/\(b.id)/posts")))
        #expect(firstFour.isSubset(of: bPosts), "the scorer's order is served")
    }
}

/// Scores one author's posts above everyone else's.
struct PreferAuthor: FeedScorer {
    let author: UserID
    func scores(viewer: UserID, posts: [Post], now: Date) async throws -> [Float] {
        posts.map { $0.authorID == author ? 1 : 0 }
    }
}
