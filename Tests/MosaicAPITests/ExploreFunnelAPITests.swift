import Foundation
import Testing
import MosaicCore
import MosaicExplore
@testable import MosaicAPI

/// Exact search over category vectors: a stand-in index so the funnel's ANN path can be exercised
/// (and broken on purpose) through HTTP.
struct CategoryRetrieval: ItemRetrieval {
    let catalog: PostCatalog
    func vector(_ category: String) -> [Float] {
        var v = [Float](repeating: 0, count: InterestCategory.all.count)
        if let i = InterestCategory.all.firstIndex(of: category) { v[i] = 1 }
        return v
    }
    func nearest(to query: [Float], k: Int, policy: RetrievalPolicy) async throws -> [(PostID, Float)] {
        let scored = catalog.live(since: .distantPast).filter { policy.allows($0.postID) }.map { e in
            (e.postID, zip(vector(e.category), query).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
        return Array(scored.sorted { $0.1 > $1.1 }.prefix(k))
    }
    func itemVector(_ post: PostID) -> [Float]? { catalog.entry(post).map { vector($0.category) } }
}

/// Every viewer "likes food".
struct FoodLover: UserVectors {
    func vector(for user: UserID, context: ExploreContext) async throws -> [Float]? {
        var v = [Float](repeating: 0, count: InterestCategory.all.count)
        v[InterestCategory.all.firstIndex(of: "food")!] = 1
        return v
    }
}

/// A multi-task ranker stand-in that prefers newer posts.
struct NewestFirst: CandidateScorer {
    let version = "test-newest"
    func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        candidates.map { Float($0.createdAt.timeIntervalSince1970) }
    }
}

@Suite struct ExploreFunnelAPITests {
    static func server() async throws -> TestServer {
        try await TestServer.start(explore: { store, catalog, clock in
            ExploreFunnel(store: store, catalog: catalog, clock: clock,
                          retrieval: CategoryRetrieval(catalog: catalog), userVectors: FoodLover(),
                          graph: StoreGraphSignals(store: store), heavy: NewestFirst())
        })
    }

    static func seed(_ s: TestServer) async throws -> TestUser {
        let viewer = try await s.signUp("viewer")
        for (i, cat) in ["food", "travel", "cars", "pets", "art"].enumerated() {
            let u = try await s.signUp("creator\(i)")
            for j in 0..<6 { _ = try await s.post(by: u, caption: "\(cat) \(j) #\(cat)") }
        }
        return viewer
    }

    @Test func degradationPathsAreTakenAndReported() async throws {
        let s = try await Self.server()
        let viewer = try await Self.seed(s)
        let funnel = try #require(s.services.explore as? ExploreFunnel)

        let normal = try await viewer.client.get("/api/v1/explore?limit=10&explain=1")
        #expect(normal.string("served_by") == "funnel")
        #expect(normal.list("posts").contains { $0["source"] as? String == "ann" })

        funnel.faults.heavyDelay = .seconds(2)
        let late = try await viewer.client.get("/api/v1/explore?limit=10")
        #expect(late.string("served_by") == "light_ranker" && late.list("posts").count == 10)
        funnel.faults.heavyDelay = nil
        funnel.faults.heavyFails = true
        #expect(try await viewer.client.get("/api/v1/explore?limit=10").string("served_by") == "light_ranker")
        funnel.faults.heavyFails = false

        funnel.faults.annFails = true
        let noANN = try await viewer.client.get("/api/v1/explore?limit=10")
        #expect(noANN.string("served_by") == "popular_graph" && noANN.list("posts").count == 10)
        #expect(!noANN.list("posts").contains { $0["source"] as? String == "ann" })
        funnel.faults.annFails = false

        funnel.faults.userVectorFails = true
        let cold = try await viewer.client.get("/api/v1/explore?limit=10")
        #expect(cold.string("served_by") == "popular" && cold.list("posts").count == 10)
        // With a liked food post, the session's interests take over from the missing user vector.
        let food = try #require(cold.list("posts").first { $0["category"] as? String == "food" }?["post_id"] as? String)
        _ = try await viewer.client.post("/api/v1/posts/\(food)/like")
        let interests = try await viewer.client.get("/api/v1/explore?limit=10&explain=1")
        #expect(interests.string("served_by") == "session_interests")
        #expect(interests.list("posts").contains { ($0["reasons"] as? [String])?.contains("Because you like food") == true })
    }

    @Test func fivePagesNeverRepeatAndQuotasHold() async throws {
        let s = try await Self.server()
        let viewer = try await Self.seed(s)
        var seen: [String] = []
        var cursor: String? = nil
        var foodShare: [Double] = []
        for _ in 0..<5 {
            let r = try await viewer.client.get("/api/v1/explore?limit=6" + (cursor.map { "&cursor=\($0)" } ?? ""))
            let posts = r.list("posts")
            seen += posts.compactMap { $0["post_id"] as? String }
            if posts.count == 6 { foodShare.append(Double(posts.filter { $0["category"] as? String == "food" }.count) / 6) }
            cursor = r.string("next_cursor")
        }
        #expect(seen.count == 30 && Set(seen).count == 30, "no repeats across five pages")
        // Even though the viewer's vector is all food, the first page is not: MMR and the 30 % quota.
        #expect((foodShare.first ?? 1) <= 0.5)
        // A sixth page starts a fresh run that still excludes what was shown: nothing is left.
        let sixth = try await viewer.client.get("/api/v1/explore?limit=6&cursor=\(cursor ?? "")")
        #expect(sixth.list("posts").isEmpty)
    }
}

extension ExploreFunnelAPITests {
    @Test func chosenInterestsShapeANewUsersExplore() async throws {
        let s = try await TestServer.start()
        let viewer = try await Self.seed(s)
        let bad = try await viewer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["food", "knitting"]])
        #expect(bad.status == 422 && bad.errorCode == "unknown_interest")
        let ok = try await viewer.client.send("PUT", "/api/v1/me/interests", json: ["interests": ["Cars"]])
        #expect(ok.status == 200 && ok["interests"] as? [String] == ["cars"])
        #expect(try await viewer.client.get("/api/v1/me/interests")["interests"] as? [String] == ["cars"])
        let r = try await viewer.client.get("/api/v1/explore?limit=6")
        #expect(r.string("served_by") == "session_interests")
        let cars = r.list("posts").filter { $0["category"] as? String == "cars" }.count
        #expect(cars >= 2, "a new user who chose cars sees cars first (within the 30 % quota)")
    }
}
