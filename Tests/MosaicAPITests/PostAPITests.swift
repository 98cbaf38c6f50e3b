import Foundation
import Testing
@testable import MosaicAPI

@Suite struct PostAPITests {
    @Test func createReadAndDelete() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob")
        let m1 = try await s.media(for: alice), m2 = try await s.media(for: alice)
        let caption = "Dinner in #Lisboa with @bob #café #food"
        let r = try await alice.client.post("/api/v1/posts", [
            "media_ids": [m1, m2], "caption": caption, "location": ["name": "Lisbon", "lat": 38.72, "lng": -9.14],
            "tagged_users": [bob.id], "alt_text": ["bread", "wine"]])
        #expect(r.status == 201)
        let id = try #require(r.string("post_id"))
        #expect(r.string("permalink")?.hasSuffix("/p/\(id)") == true && r.string("created_at") != nil)
        let post = try await bob.client.get("/api/v1/posts/\(id)")
        #expect(post.status == 200)
        #expect(post["hashtags"] as? [String] == ["lisboa", "café", "food"])
        #expect(post["caption"] as? String == caption)
        #expect((post["author"] as? [String: Any])?["username"] as? String == "alice")
        let media = post.list("media")
        #expect(media.count == 2 && media[1]["alt_text"] as? String == "wine")
        #expect((media[0]["urls"] as? [String: String])?.keys.sorted() == ["1080", "150", "320", "640"])
        #expect(media[0]["media_id"] as? String == m1)
        #expect((post["location"] as? [String: Any])?["name"] as? String == "Lisbon")
        #expect(post["viewer_has_liked"] as? Bool == false)
        #expect(post["category"] as? String == "food")

        let notOwner = try await bob.client.delete("/api/v1/posts/\(id)")
        #expect(notOwner.status == 403)
        #expect(try await alice.client.delete("/api/v1/posts/\(id)").status == 204)
        #expect(try await bob.client.get("/api/v1/posts/\(id)").status == 404)
        #expect(try await alice.client.delete("/api/v1/posts/\(id)").status == 404)
        #expect(try await bob.client.get("/api/v1/posts/abc").errorCode == "invalid_id")
    }

    @Test func mediaRules() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob")
        func create(_ u: TestUser, _ body: [String: Any]) async throws -> Reply { try await u.client.post("/api/v1/posts", body) }
        #expect(try await create(alice, ["media_ids": []]).errorCode == "invalid_media_id")
        #expect(try await create(alice, ["media_ids": ["123456789"]]).errorCode == "invalid_media_id")
        #expect(try await create(alice, ["media_ids": ["x"]]).errorCode == "invalid_media_id")
        let bobs = try await s.media(for: bob)
        #expect(try await create(alice, ["media_ids": [bobs]]).errorCode == "invalid_media_id", "not yours")
        let mine = try await s.media(for: alice)
        #expect(try await create(alice, ["media_ids": [mine], "caption": String(repeating: "a", count: 2_201)]).errorCode == "caption_too_long")
        #expect(try await create(alice, ["media_ids": [mine]]).status == 201)
        #expect(try await create(alice, ["media_ids": [mine]]).errorCode == "invalid_media_id", "used once")
        var eleven: [String] = []
        for _ in 0..<11 { eleven.append(try await s.media(for: alice)) }
        #expect(try await create(alice, ["media_ids": eleven]).status == 400)
        #expect(try await create(alice, ["media_ids": Array(eleven.prefix(10))]).status == 201, "carousels of 10")
        let old = try await s.media(for: alice)
        s.clock.advance(by: 86_401)
        #expect(try await create(alice, ["media_ids": [old]]).errorCode == "invalid_media_id", "expired after 24 h")
    }

    @Test func twentyFivePostsADayEvenWithRelaxedLimits() async throws {
        let s = try await TestServer.start(relaxed: true)
        let alice = try await s.signUp("alice")
        for _ in 0..<25 { _ = try await s.post(by: alice) }
        let r = try await alice.client.post("/api/v1/posts", ["media_ids": [try await s.media(for: alice)]])
        #expect(r.status == 429 && r.errorCode == "rate_limited" && r.headers["retry-after"] != nil)
        s.clock.advance(by: 86_401)
        #expect(try await alice.client.post("/api/v1/posts", ["media_ids": [try await s.media(for: alice)]]).status == 201)
    }

    @Test func likesSavesAndCounts() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice")
        let post = try await s.post(by: alice)
        var users: [TestUser] = []
        for i in 0..<8 { users.append(try await s.signUp("liker\(i)")) }
        try await withThrowingTaskGroup(of: Void.self) { g in
            for u in users { for _ in 0..<3 { g.addTask { _ = try await u.client.post("/api/v1/posts/\(post)/like") } } }
            try await g.waitForAll()
        }
        let r = try await alice.client.get("/api/v1/posts/\(post)")
        #expect(r["like_count"] as? Int == 8)
        let un = try await users[0].client.delete("/api/v1/posts/\(post)/like")
        #expect(un["like_count"] as? Int == 7 && un["viewer_has_liked"] as? Bool == false)
        let again = try await users[1].client.post("/api/v1/posts/\(post)/like")
        #expect(again["like_count"] as? Int == 7 && again["viewer_has_liked"] as? Bool == true)
        #expect(try await users[1].client.get("/api/v1/posts/\(post)")["viewer_has_liked"] as? Bool == true)
        let saved = try await users[2].client.post("/api/v1/posts/\(post)/save")
        #expect(saved["viewer_has_saved"] as? Bool == true)
        #expect(try await users[2].client.get("/api/v1/me/saved").list("posts").count == 1)
        #expect(try await users[2].client.delete("/api/v1/posts/\(post)/save")["viewer_has_saved"] as? Bool == false)
        #expect(try await s.client.post("/api/v1/posts/\(post)/like").status == 401)
        #expect(try await users[0].client.post("/api/v1/posts/77777777777/like").status == 404)
    }

    @Test func threadedCommentsWithCursors() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob")
        let post = try await s.post(by: alice)
        let top = try await bob.client.post("/api/v1/posts/\(post)/comments", ["text": "Looks great"])
        #expect(top.status == 201 && top.string("text") == "Looks great" && top["parent_id"] is NSNull)
        let topID = try #require(top.string("comment_id"))
        #expect((top["author"] as? [String: Any])?["username"] as? String == "bob")
        for i in 0..<5 {
            let reply = try await alice.client.post("/api/v1/posts/\(post)/comments", ["text": "thanks \(i)", "parent_id": topID])
            #expect(reply.status == 201 && reply.string("parent_id") == topID)
        }
        let topLevel = try await bob.client.get("/api/v1/posts/\(post)/comments")
        #expect(topLevel.list("comments").count == 1 && topLevel.list("comments")[0]["reply_count"] as? Int == 5)
        let p1 = try await bob.client.get("/api/v1/posts/\(post)/comments?parent_id=\(topID)&limit=3")
        #expect(p1.list("comments").map { $0["text"] as? String } == ["thanks 0", "thanks 1", "thanks 2"])
        let cursor = try #require(p1.string("next_cursor"))
        let p2 = try await bob.client.get("/api/v1/posts/\(post)/comments?parent_id=\(topID)&limit=3&cursor=\(cursor)")
        #expect(p2.list("comments").map { $0["text"] as? String } == ["thanks 3", "thanks 4"] && p2["has_more"] as? Bool == false)
        #expect(try await bob.client.post("/api/v1/posts/\(post)/comments", ["text": "  "]).status == 422)
        #expect(try await bob.client.post("/api/v1/posts/\(post)/comments", ["text": "x", "parent_id": "1"]).status == 404)
        #expect(try await alice.client.get("/api/v1/posts/\(post)")["comment_count"] as? Int == 6)
    }

    @Test func tagPagesAndUserGrid() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice")
        var ids: [String] = []
        for i in 0..<7 { ids.append(try await s.post(by: alice, caption: "shot \(i) #GoldenHour")) }
        let tag = try await s.client.get("/api/v1/tags/goldenhour/posts?limit=5")
        #expect(tag.list("posts").map { $0["post_id"] as? String } == ids.reversed().prefix(5).map { $0 })
        let next = try #require(tag.string("next_cursor"))
        let more = try await s.client.get("/api/v1/tags/goldenhour/posts?limit=5&cursor=\(next)")
        #expect(more.list("posts").count == 2)
        #expect(try await s.client.get("/api/v1/tags/%23GoldenHour/posts").list("posts").count == 7)
        let grid = try await s.client.get("/api/v1/users/\(alice.id)/posts?limit=4")
        #expect(grid.list("posts").count == 4 && grid["has_more"] as? Bool == true)
    }
}
