import Foundation
import Testing
import MosaicCore
@testable import MosaicAPI

/// New accounts have no region; choosing one (with interests, or on the profile) puts their region's popular
/// posts within their interests first on Explore.
@Suite struct RegionAPITests {
    @Test func aNewUserWithInterestsAndARegionGetsTheirRegionsPostsOfThoseInterestsFirst() async throws {
        let s = try await TestServer.start()
        // Food from Europe and from North America, travel and cars from both: the same (zero) engagement.
        var regionOf: [String: String] = [:], categoryOf: [String: String] = [:]
        for (i, (region, category)) in [("eu", "food"), ("na", "food"), ("eu", "travel"), ("na", "cars"),
                                        ("eu", "food"), ("na", "food")].enumerated() {
            let u = try await s.signUp("creator\(i)")
            // Half set their region before posting, half after (the catalogue must follow an author's change).
            if i % 2 == 0 { #expect(try await u.client.patch("/api/v1/me", ["region": region]).status == 200) }
            for j in 0..<5 {
                let id = try await s.post(by: u, caption: "\(category) \(j) #\(category)")
                regionOf[id] = region; categoryOf[id] = category
            }
            if i % 2 == 1 { #expect(try await u.client.patch("/api/v1/me", ["region": region]).status == 200) }
        }

        let newcomer = try await s.signUp("newcomer")
        let bad = try await newcomer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food"], "region": "atlantis"])
        #expect(bad.status == 400)
        #expect((bad.json["error"] as? [String: Any])?["code"] as? String == "unknown_region")
        #expect(try await newcomer.client.patch("/api/v1/me", ["region": "xx"]).status == 400)
        #expect(try await newcomer.client.get("/api/v1/me/interests").json["region"] == nil)

        let set = try await newcomer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food"], "region": "EU"])
        #expect(set.status == 200)
        #expect(set.string("region") == "eu" && set.json["available_regions"] as? [String] == RegionCode.all)
        #expect(try await newcomer.client.get("/api/v1/me/interests").string("region") == "eu")

        // The next Explore request reads the region: European food first, explained.
        let page = try await newcomer.client.get("/api/v1/explore?limit=12&explain=1").list("posts")
        try #require(page.count == 12)
        let ids = page.compactMap { $0["post_id"] as? String }
        let food = ids.filter { categoryOf[$0] == "food" }
        #expect(categoryOf[ids[0]] == "food" && regionOf[ids[0]] == "eu")
        #expect(!food.isEmpty && food.allSatisfy { regionOf[$0] == "eu" }, "food on the first page is European")
        #expect((page[0]["reasons"] as? [String])?.contains("Popular in your region in food") == true)

        // Another newcomer choosing North America gets North American food first.
        let other = try await s.signUp("visitor")
        #expect(try await other.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food"], "region": "na"]).status == 200)
        let theirs = try await other.client.get("/api/v1/explore?limit=12").list("posts").compactMap { $0["post_id"] as? String }
        try #require(!theirs.isEmpty)
        #expect(categoryOf[theirs[0]] == "food" && regionOf[theirs[0]] == "na")
        #expect(theirs.filter { categoryOf[$0] == "food" }.allSatisfy { regionOf[$0] == "na" })
    }
}

/// Geographic restrictions: a post may name the regions Explore recommends it in.
@Suite struct GeoRestrictionAPITests {
    @Test func aRestrictedPostIsRecommendedOnlyInItsRegions() async throws {
        let s = try await TestServer.start()
        let creator = try await s.signUp("creator")
        func post(_ regions: [String]?) async throws -> Reply {
            var body: [String: Any] = ["media_ids": [try await s.media(for: creator)], "caption": "market day #food"]
            if let regions { body["regions"] = regions }
            let r = try await creator.client.post("/api/v1/posts", body)
            try await s.services.feedEngine?.drain()
            return r
        }
        let bad = try await post(["eu", "atlantis"])
        #expect(bad.status == 400 && bad.errorCode == "unknown_region")
        var restricted = Set<String>(), open = Set<String>()
        for _ in 0..<3 {
            let r = try await post(["EU", "eu", "oc"])
            try #require(r.status == 201)
            restricted.insert(try #require(r.string("post_id")))
            open.insert(try await s.post(by: creator, caption: "market day #food"))
        }
        let one = try await creator.client.get("/api/v1/posts/\(restricted.first!)")
        #expect(one.json["regions"] as? [String] == ["eu", "oc"], "codes are canonical and listed once")
        #expect(try await creator.client.get("/api/v1/posts/\(open.first!)").json["regions"] == nil)
        #expect(try await creator.client.get("/api/v1/users/\(creator.id)/posts").list("posts").count == 6,
                "the profile still lists every post; the restriction is on discovery")

        func explore(_ user: TestUser) async throws -> Set<String> {
            var seen = Set<String>(), cursor: String? = nil
            for _ in 0..<3 {
                let r = try await user.client.get("/api/v1/explore?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen.formUnion(r.list("posts").compactMap { $0["post_id"] as? String })
                cursor = r.string("next_cursor")
            }
            return seen
        }
        for (name, region) in [("european", "eu"), ("oceanian", "oc"), ("american", "na"), ("nowhere", nil)] {
            let viewer = try await s.signUp(name)
            if let region { #expect(try await viewer.client.patch("/api/v1/me", ["region": region]).status == 200) }
            let seen = try await explore(viewer)
            if region == "eu" || region == "oc" {
                #expect(seen == restricted.union(open), "\(name) sees every post")
            } else {
                #expect(seen == open, "\(name) never sees the posts restricted to eu and oc")
            }
        }
    }
}
