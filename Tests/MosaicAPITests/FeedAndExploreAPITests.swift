import Foundation
import Testing
@testable import MosaicAPI

@Suite struct FeedAndExploreAPITests {
    @Test func feedConsistency() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice"), bob = try await s.signUp("bob")
        let own = try await s.post(by: alice)
        #expect(try await alice.client.get("/api/v1/feed").list("posts").first?["post_id"] as? String == own, "own post at once")
        _ = try await alice.client.post("/api/v1/users/\(bob.id)/follow")
        let bobs = try await s.post(by: bob)
        #expect(try await alice.client.get("/api/v1/feed").list("posts").contains { $0["post_id"] as? String == bobs })
        _ = try await alice.client.delete("/api/v1/users/\(bob.id)/follow")
        #expect(try await !alice.client.get("/api/v1/feed").list("posts").contains { $0["post_id"] as? String == bobs }, "unfollow at once")
        _ = try await alice.client.post("/api/v1/users/\(bob.id)/follow")
        _ = try await bob.client.delete("/api/v1/posts/\(bobs)")
        #expect(try await !alice.client.get("/api/v1/feed").list("posts").contains { $0["post_id"] as? String == bobs }, "delete at once")
        let chrono = try await alice.client.get("/api/v1/feed?order=chronological")
        #expect(chrono.status == 200)
        #expect(try await alice.client.get("/api/v1/feed?order=sideways").status == 400)
        #expect(try await s.client.get("/api/v1/feed").status == 401)
    }

    @Test func feedCursorIsStableWhilePostsArrive() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice")
        var made: [String] = []
        for _ in 0..<12 { made.append(try await s.post(by: alice)) }
        var seen: [String] = []
        var cursor: String? = nil
        repeat {
            let r = try await alice.client.get("/api/v1/feed?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""))
            seen += r.list("posts").compactMap { $0["post_id"] as? String }
            cursor = r.string("next_cursor")
            _ = try await s.post(by: alice) // a new post between every page fetch
        } while cursor != nil
        #expect(seen == made.reversed(), "no duplicate, no skipped item")
    }

    @Test func exploreRespectsPolicyAndNeverRepeats() async throws {
        let s = try await TestServer.start()
        let viewer = try await s.signUp("viewer")
        let friend = try await s.signUp("friend"), hidden = try await s.signUp("hidden"), blocker = try await s.signUp("blocker")
        var strangers: [TestUser] = []
        for i in 0..<6 { strangers.append(try await s.signUp("stranger\(i)")) }
        _ = try await hidden.client.patch("/api/v1/me", ["is_private": true])
        _ = try await viewer.client.post("/api/v1/users/\(friend.id)/follow")
        _ = try await blocker.client.post("/api/v1/users/\(viewer.id)/block")
        var excluded = Set<String>()
        for u in [viewer, friend, hidden, blocker] { for _ in 0..<3 { excluded.insert(try await s.post(by: u)) } }
        var allowed = Set<String>()
        for u in strangers { for _ in 0..<5 { allowed.insert(try await s.post(by: u)) } }

        var seen: [String] = []
        var cursor: String? = nil
        for _ in 0..<5 {
            let r = try await viewer.client.get("/api/v1/explore?limit=6" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(r.status == 200 && r.string("served_by") != nil)
            seen += r.list("posts").compactMap { $0["post_id"] as? String }
            cursor = r.string("next_cursor")
        }
        #expect(Set(seen).isDisjoint(with: excluded))
        #expect(Set(seen).count == seen.count, "no post twice across pages")
        #expect(Set(seen) == allowed, "all 30 eligible posts over five pages of six")
        let explained = try await viewer.client.get("/api/v1/explore?explain=1")
        #expect(explained.list("posts").allSatisfy { ($0["reasons"] as? [String])?.isEmpty == false })
        #expect(try await viewer.client.get("/api/v1/explore?cursor=zzz").errorCode == "invalid_cursor")
    }
}
