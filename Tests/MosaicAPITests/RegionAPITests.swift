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
