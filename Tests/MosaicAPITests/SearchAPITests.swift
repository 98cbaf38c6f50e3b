import Foundation
import Testing
@testable import MosaicAPI

@Suite struct SearchAPITests {
    private func names(_ r: Reply) -> [String] { r.list("results").compactMap { $0["username"] as? String } }

    @Test func usersByPrefixTyposRelationshipAndBlocks() async throws {
        let s = try await TestServer.start()
        let me = try await s.signUp("viewer")
        let jon = try await s.signUp("jonathan_m"), jo = try await s.signUp("jonas"), other = try await s.signUp("jonquil")
        _ = try await s.signUp("zed")
        // Full-name words match too: "Jonathan_M" capitalised becomes the full name in TestServer; set a real one.
        _ = try await other.client.patch("/api/v1/me", ["full_name": "Quilla Marsh"])

        let prefix = try await me.client.get("/api/v1/search?q=jon&type=users")
        #expect(prefix.status == 200)
        #expect(Set(names(prefix)) == ["jonathan_m", "jonas", "jonquil"])
        // Following someone lifts them to the top.
        _ = try await me.client.post("/api/v1/users/\(jon.id)/follow")
        let ranked = try await me.client.get("/api/v1/search?q=jon")
        #expect(names(ranked).first == "jonathan_m")
        #expect(ranked.list("results").first?["viewer_follows"] as? Bool == true)
        // Exact username wins over relationship.
        #expect(names(try await me.client.get("/api/v1/search?q=jonas")).first == "jonas")
        // Full-name word prefix.
        #expect(names(try await me.client.get("/api/v1/search?q=mars")) == ["jonquil"])
        // A typo still finds the account.
        #expect(names(try await me.client.get("/api/v1/search?q=jnoas")).contains("jonas"))
        #expect(names(try await me.client.get("/api/v1/search?q=jonathna")).first == "jonathan_m")
        #expect(names(try await me.client.get("/api/v1/search?q=qqqqqq")).isEmpty)
        // Blocked accounts disappear from the blocker's and the blocked one's results.
        _ = try await jo.client.post("/api/v1/users/\(me.id)/block")
        #expect(!names(try await me.client.get("/api/v1/search?q=jon")).contains("jonas"))
        #expect(!names(try await jo.client.get("/api/v1/search?q=vie")).contains("viewer"))
        // Private accounts are still found (their profile is discoverable; their posts are not).
        _ = try await jon.client.patch("/api/v1/me", ["is_private": true])
        #expect(names(try await me.client.get("/api/v1/search?q=jonath")) == ["jonathan_m"])
        // Bad requests.
        #expect(try await me.client.get("/api/v1/search?q=").status == 400)
        #expect(try await me.client.get("/api/v1/search?q=x&type=planets").status == 400)
    }

    @Test func popularityBreaksTiesAndRelationshipOutranksIt() async throws {
        let s = try await TestServer.start()
        let me = try await s.signUp("viewer")
        let quiet = try await s.signUp("sam_a"), popular = try await s.signUp("sam_b"), friend = try await s.signUp("sam_c")
        for i in 0..<4 {
            let fan = try await s.signUp("fan\(i)")
            _ = try await fan.client.post("/api/v1/users/\(popular.id)/follow")
        }
        #expect(names(try await me.client.get("/api/v1/search?q=sam")).first == "sam_b")
        _ = try await me.client.post("/api/v1/users/\(friend.id)/follow")
        #expect(names(try await me.client.get("/api/v1/search?q=sam")) == ["sam_c", "sam_b", "sam_a"])
        #expect(names(try await me.client.get("/api/v1/search?q=sam_a")).first == quiet.username)
    }

    @Test func profileVisitsLiftAnAccountWithoutAFollow() async throws {
        let s = try await TestServer.start()
        let me = try await s.signUp("viewer")
        let visited = try await s.signUp("kim_a"), popular = try await s.signUp("kim_b")
        for i in 0..<4 {
            let fan = try await s.signUp("fan\(i)")
            _ = try await fan.client.post("/api/v1/users/\(popular.id)/follow")
        }
        #expect(names(try await me.client.get("/api/v1/search?q=kim")).first == "kim_b")
        for _ in 0..<3 { #expect(try await me.client.get("/api/v1/users/kim_a").status == 200) }
        #expect(names(try await me.client.get("/api/v1/search?q=kim")).first == visited.username)
        // Another viewer's ranking is untouched, and visiting one's own profile counts for nothing.
        let other = try await s.signUp("other")
        #expect(names(try await other.client.get("/api/v1/search?q=kim")).first == "kim_b")
    }

    @Test func typoToleranceAtTheStartMiddleAndEnd() async throws {
        let s = try await TestServer.start()
        let me = try await s.signUp("viewer")
        _ = try await s.signUp("photographer")
        for q in ["fhotographer", "photgrapher", "photograpehr", "phottographer", "pohtographer"] {
            #expect(names(try await me.client.get("/api/v1/search?q=\(q)")).contains("photographer"), "\(q)")
        }
        #expect(names(try await me.client.get("/api/v1/search?q=fotografer")).isEmpty)   // two edits: not a match
    }

    @Test func hashtagsAndLocationsWithCounts() async throws {
        let s = try await TestServer.start()
        let a = try await s.signUp("ann")
        _ = try await s.post(by: a, caption: "#sunset #sun")
        _ = try await s.post(by: a, caption: "#sunset again")
        let third = try await s.post(by: a, caption: "#sunny day")
        let tags = try await a.client.get("/api/v1/search?q=%23sun&type=hashtags").list("results")
        #expect(tags.compactMap { $0["name"] as? String } == ["sunset", "sun", "sunny"])
        #expect(tags.first?["post_count"] as? Int == 2)
        // Deleting a post takes it out of the counts.
        _ = try await a.client.delete("/api/v1/posts/\(third)")
        #expect(try await a.client.get("/api/v1/search?q=sunny&type=hashtags").list("results").isEmpty)

        for (name, n) in [("Paris, France", 2), ("Park Slope", 1)] {
            for _ in 0..<n {
                let r = try await a.client.post("/api/v1/posts", ["media_ids": [try await s.media(for: a)], "caption": "x",
                                                                   "location": ["name": name, "lat": 48.85, "lng": 2.35]])
                #expect(r.status == 201)
            }
        }
        let places = try await a.client.get("/api/v1/search?q=par&type=locations").list("results")
        #expect(places.compactMap { $0["name"] as? String } == ["Paris, France", "Park Slope"])
        #expect(places.first?["post_count"] as? Int == 2)
    }
}
