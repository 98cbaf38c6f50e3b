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
        let blockedByViewer = try await s.signUp("blockedbyviewer")
        var strangers: [TestUser] = []
        for i in 0..<6 { strangers.append(try await s.signUp("stranger\(i)")) }
        _ = try await hidden.client.patch("/api/v1/me", ["is_private": true])
        _ = try await viewer.client.post("/api/v1/users/\(friend.id)/follow")
        _ = try await blocker.client.post("/api/v1/users/\(viewer.id)/block")
        _ = try await viewer.client.post("/api/v1/users/\(blockedByViewer.id)/block")
        var excluded = Set<String>()
        for u in [viewer, friend, hidden, blocker, blockedByViewer] { for _ in 0..<3 { excluded.insert(try await s.post(by: u)) } }
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

/// The rest of Explore's policy through the API: deleted posts, the viewer's hidden and reported posts, posts
/// reported by three accounts (for everyone), and categories the viewer restricted.
@Suite struct ExploreDismissalAPITests {
    @Test func hiddenReportedDeletedAndRestrictedPostsStayOut() async throws {
        let s = try await TestServer.start()
        let viewer = try await s.signUp("viewer"), other = try await s.signUp("other")
        var reporters: [TestUser] = []
        for i in 0..<3 { reporters.append(try await s.signUp("reporter\(i)")) }
        var authors: [TestUser] = []
        for i in 0..<4 { authors.append(try await s.signUp("author\(i)")) }
        var food: [String] = [], cars: [String] = []
        for u in authors {
            for j in 0..<3 { food.append(try await s.post(by: u, caption: "lunch \(j) #food")) }
            for j in 0..<2 { cars.append(try await s.post(by: u, caption: "drive \(j) #cars")) }
        }
        func explore(_ user: TestUser) async throws -> Set<String> {
            var seen = Set<String>(), cursor: String? = nil
            for _ in 0..<4 {
                let r = try await user.client.get("/api/v1/explore?limit=6" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(r.status == 200)
                seen.formUnion(r.list("posts").compactMap { $0["post_id"] as? String })
                cursor = r.string("next_cursor")
            }
            return seen
        }
        func event(_ user: TestUser, _ post: String, _ type: String) async throws {
            let r = try await user.client.post("/api/v1/events", ["events": [["post_id": post, "type": type, "surface": "explore"]]])
            #expect(r.status == 202)
        }
        let all = Set(food + cars)
        #expect(try await explore(viewer) == all, "20 eligible posts, all found over four pages of six")

        // The viewer hides one post and reports another: both leave the viewer's Explore, not anyone else's.
        try await event(viewer, food[0], "hide")
        try await event(viewer, food[1], "report")
        // Three accounts report a third (one of them twice): it leaves Explore for everyone.
        for r in reporters { try await event(r, food[2], "report") }
        try await event(reporters[0], food[2], "report")
        // Two reports are not enough.
        for r in reporters.prefix(2) { try await event(r, food[3], "report") }
        // The author deletes one.
        #expect(try await authors[1].client.delete("/api/v1/posts/\(food[4])").status == 204)

        let viewerSees = try await explore(viewer)
        #expect(viewerSees == all.subtracting([food[0], food[1], food[2], food[4]]))
        let otherSees = try await explore(other)
        #expect(otherSees == all.subtracting([food[2], food[4]]), "one viewer's hide and report are theirs alone")
        #expect(otherSees.contains(food[3]), "two reports do not remove a post")

        // Restricting a category removes it; the interests endpoint says so and keeps it until changed.
        let bad = try await viewer.client.send("PUT", "/api/v1/me/interests", json: ["interests": [], "restricted_categories": ["cars", "dragons"]])
        #expect(bad.status == 422 && bad.errorCode == "unknown_interest")
        let set = try await viewer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food"], "restricted_categories": ["CARS"]])
        #expect(set.status == 200 && set.json["restricted_categories"] as? [String] == ["cars"])
        #expect(try await viewer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food"]]).json["restricted_categories"] as? [String] == ["cars"])
        #expect(try await viewer.client.get("/api/v1/me/interests").json["restricted_categories"] as? [String] == ["cars"])
        let restricted = try await explore(viewer)
        #expect(restricted.isDisjoint(with: cars) && !restricted.isEmpty)
        #expect(try await explore(other).isSuperset(of: cars), "only the viewer restricted cars")
    }
}

/// Explore hydrates pages from a post cache; counters and deletions must still be live.
@Suite struct ExploreHydrationAPITests {
    @Test func servedPostsCarryLiveCountersAndDeletionsHold() async throws {
        let s = try await TestServer.start()
        let viewer = try await s.signUp("viewer"), fan = try await s.signUp("fan"), author = try await s.signUp("author")
        var ids: [String] = []
        for j in 0..<4 { ids.append(try await s.post(by: author, caption: "view \(j) #travel")) }
        func grid() async throws -> [String: [String: Any]] {
            let posts = try await viewer.client.get("/api/v1/explore?limit=10").list("posts")
            return Dictionary(posts.compactMap { p in (p["post_id"] as? String).map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        }
        let first = try await grid()
        #expect(Set(first.keys) == Set(ids) && first[ids[0]]?["like_count"] as? Int == 0)
        #expect(try await fan.client.post("/api/v1/posts/\(ids[0])/like").status == 200)
        _ = try await fan.client.post("/api/v1/posts/\(ids[0])/comments", ["text": "lovely"])
        #expect(try await author.client.delete("/api/v1/posts/\(ids[1])").status == 204)
        let second = try await grid()
        #expect(second[ids[0]]?["like_count"] as? Int == 1 && second[ids[0]]?["comment_count"] as? Int == 1)
        #expect(second[ids[1]] == nil, "a deleted post is never served from the cache")
        #expect(Set(second.keys) == Set([ids[0], ids[2], ids[3]]))
    }
}
