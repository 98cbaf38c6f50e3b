import Foundation
import Testing
@testable import MosaicAPI

@Suite struct GraphAPITests {
    @Test func followPublicAndPrivateAccounts() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob"), carol = try await s.signUp("carol")
        _ = try await carol.client.patch("/api/v1/me", ["is_private": true])

        let f1 = try await alice.client.post("/api/v1/users/\(bob.id)/follow")
        #expect(f1.status == 200 && f1.string("state") == "following")
        let f2 = try await alice.client.post("/api/v1/users/\(carol.id)/follow")
        #expect(f2.string("state") == "requested")
        let profile = try await alice.client.get("/api/v1/users/carol")
        #expect(profile["viewer_requested"] as? Bool == true && profile["viewer_follows"] as? Bool == false)

        // Private: posts hidden until approved.
        _ = try await s.post(by: carol)
        let hidden = try await alice.client.get("/api/v1/users/\(carol.id)/posts")
        #expect(hidden.status == 403 && hidden.errorCode == "private_account")
        #expect(try await alice.client.get("/api/v1/users/\(carol.id)/followers").status == 403)

        let requests = try await carol.client.get("/api/v1/me/follow_requests")
        #expect(requests.list("users").map { $0["user_id"] as? String } == [alice.id])
        #expect(try await carol.client.post("/api/v1/me/follow_requests/\(alice.id)/approve").status == 204)
        #expect(try await carol.client.post("/api/v1/me/follow_requests/\(alice.id)/approve").status == 404)
        let visible = try await alice.client.get("/api/v1/users/\(carol.id)/posts")
        #expect(visible.status == 200 && visible.list("posts").count == 1)

        // Deny.
        _ = try await bob.client.post("/api/v1/users/\(carol.id)/follow")
        #expect(try await carol.client.post("/api/v1/me/follow_requests/\(bob.id)/deny").status == 204)
        #expect(try await bob.client.get("/api/v1/users/carol")["viewer_requested"] as? Bool == false)

        #expect(try await alice.client.delete("/api/v1/users/\(bob.id)/follow").status == 204)
        #expect(try await alice.client.get("/api/v1/users/bob")["follower_count"] as? Int == 0)
        #expect(try await alice.client.post("/api/v1/users/\(alice.id)/follow").status == 422)
        #expect(try await alice.client.post("/api/v1/users/999999999999/follow").status == 404)
        #expect(try await alice.client.post("/api/v1/users/not-an-id/follow").status == 400)
        #expect(try await s.client.post("/api/v1/users/\(bob.id)/follow").status == 401)
    }

    @Test func blocksHideBothWaysEverywhere() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob")
        _ = try await alice.client.post("/api/v1/users/\(bob.id)/follow")
        _ = try await bob.client.post("/api/v1/users/\(alice.id)/follow")
        let post = try await s.post(by: alice)
        #expect(try await alice.client.post("/api/v1/users/\(bob.id)/block").status == 204)

        #expect(try await bob.client.get("/api/v1/users/alice").status == 404, "the blocked user can't see the blocker")
        let blockerView = try await alice.client.get("/api/v1/users/bob")
        #expect(blockerView["viewer_blocked"] as? Bool == true && blockerView["follower_count"] as? Int == 0)
        #expect(try await bob.client.get("/api/v1/posts/\(post)").status == 404)
        #expect(try await bob.client.post("/api/v1/posts/\(post)/like").status == 404)
        #expect(try await bob.client.post("/api/v1/posts/\(post)/comments", ["text": "hi"]).status == 404)
        #expect(try await bob.client.post("/api/v1/users/\(alice.id)/follow").status == 404)
        let refollow = try await alice.client.post("/api/v1/users/\(bob.id)/follow")
        #expect(refollow.status == 403 && refollow.errorCode == "blocked")
        #expect(try await bob.client.get("/api/v1/feed").list("posts").isEmpty)
        #expect(try await bob.client.get("/api/v1/tags/mosaic/posts").list("posts").isEmpty)
        #expect(try await bob.client.get("/api/v1/users/\(alice.id)/posts").status == 404)
        // Tagging a blocked account is refused.
        let tag = try await alice.client.post("/api/v1/posts", ["media_ids": [try await s.media(for: alice)], "tagged_users": [bob.id]])
        #expect(tag.status == 403 && tag.errorCode == "blocked")

        #expect(try await alice.client.delete("/api/v1/users/\(bob.id)/block").status == 204)
        #expect(try await bob.client.get("/api/v1/posts/\(post)").status == 200)
    }

    @Test func followerListsPageWithCursors() async throws {
        let s = try await TestServer.start()
        let star = try await s.signUp("star")
        var fans: Set<String> = []
        for i in 0..<23 {
            let u = try await s.signUp("fan\(i)")
            _ = try await u.client.post("/api/v1/users/\(star.id)/follow")
            fans.insert(u.id)
        }
        var seen: [String] = []
        var cursor: String? = nil
        repeat {
            let path = "/api/v1/users/\(star.id)/followers?limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
            let r = try await star.client.get(path)
            #expect(r.status == 200)
            seen += r.list("users").compactMap { $0["user_id"] as? String }
            cursor = r["next_cursor"] as? String
            #expect((r["has_more"] as? Bool) == (cursor != nil))
            if seen.count == 10 { _ = try await (try await s.signUp("late")).client.post("/api/v1/users/\(star.id)/follow") }
        } while cursor != nil
        #expect(seen.count == 23 && Set(seen) == fans)
        let following = try await star.client.get("/api/v1/users/\(seen[0])/following")
        #expect(following.list("users").first?["user_id"] as? String == star.id)
        #expect(try await star.client.get("/api/v1/users/\(star.id)/followers?cursor=garbage").errorCode == "invalid_cursor")
        #expect(try await star.client.get("/api/v1/users/\(star.id)/followers?limit=0").status == 400)
        #expect(try await star.client.get("/api/v1/users/\(star.id)/followers?limit=101").status == 400)
        // A cursor from another list is refused.
        let postsPage = try await star.client.get("/api/v1/users/\(star.id)/followers?limit=1")
        let foreign = try #require(postsPage["next_cursor"] as? String)
        #expect(try await star.client.get("/api/v1/users/\(star.id)/following?cursor=\(foreign)").errorCode == "invalid_cursor")
    }
}
