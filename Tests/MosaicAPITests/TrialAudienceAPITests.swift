import Foundation
import Logging
import Synchronization
import Testing
import MosaicCore
import MosaicExplore
import MosaicRealtime
@testable import MosaicAPI

/// Each viewer's vector is the one-hot of a category the test assigns (nil until assigned).
final class AssignedTastes: UserVectors {
    private let tastes = Mutex<[UserID: String]>([:])
    func assign(_ user: String, _ category: String) { tastes.withLock { $0[MosaicID(user)!] = category } }
    func vector(for user: UserID, context: ExploreContext) async throws -> [Float]? {
        guard let c = tastes.withLock({ $0[user] }) else { return nil }
        var v = [Float](repeating: 0, count: InterestCategory.all.count)
        v[InterestCategory.all.firstIndex(of: c)!] = 1
        return v
    }
}

/// Trial audiences through the real API: a post's first cohort, and who finds it in Explore.
@Suite struct TrialAudienceAPITests {
    @Test func theFirstCohortIsNonFollowersNearThePostAndOnlyTheyFindIt() async throws {
        let tastes = AssignedTastes()
        let box = Mutex<ExploreTrials?>(nil)
        var policy = TrialPolicy()
        policy.firstCohort = 3
        let s = try await TestServer.start(explore: { store, catalog, clock in
            let retrieval = CategoryRetrieval(catalog: catalog)
            var quiet = Logger(label: "mosaic-test")
            quiet.logLevel = .critical
            let trials = ExploreTrials(catalog: catalog, store: store, retrieval: retrieval, clock: clock, policy: policy,
                                       logger: quiet, baselineRate: { _ in 0.05 })
            box.withLock { $0 = trials }
            return ExploreFunnel(store: store, catalog: catalog, clock: clock, retrieval: retrieval, userVectors: tastes,
                                 graph: StoreGraphSignals(store: store), trials: trials)
        })
        let trials = try #require(box.withLock { $0 })
        s.services.installTrialAudiences(trials)

        // Content for everyone's grid, from accounts nobody follows.
        for (i, cat) in ["food", "travel", "cars", "pets", "art"].enumerated() {
            let u = try await s.signUp("creator\(i)")
            for j in 0..<6 { _ = try await s.post(by: u, caption: "\(cat) \(j) #\(cat)") }
        }
        let author = try await s.signUp("newcomer")
        var food: [TestUser] = []
        for i in 0..<4 { food.append(try await s.signUp("foodie\(i)")) }
        let follower = try await s.signUp("fan"), blocked = try await s.signUp("troll")
        let travellers = [try await s.signUp("walker0"), try await s.signUp("walker1")]
        for u in food + [follower, blocked] { tastes.assign(u.id, "food") }
        for u in travellers { tastes.assign(u.id, "travel") }
        #expect(try await follower.client.post("/api/v1/users/\(author.id)/follow").status < 300)
        #expect(try await author.client.post("/api/v1/users/\(blocked.id)/block").status < 300)
        // Everyone opens Explore once (that is how viewers join the population cohorts are drawn from).
        // Posts made before anyone could be asked got no trial: they are in everyone's Explore.
        for u in food + [follower, blocked] + travellers { #expect(try await u.client.get("/api/v1/explore?limit=12").list("posts").count == 12) }
        #expect(trials.population.count == 8)

        let postID = try await s.post(by: author, caption: "ramen at midnight #food")
        let post = try #require(MosaicID(postID))
        let trial = try #require(await trials.registry.trial(post))
        #expect(trial.category == "food" && trial.round == 1 && trial.status == .testing)
        // Three of the four non-following, non-blocked food lovers: never the fan, the troll, the author or the
        // travel-minded viewers (their vectors are far from the post's).
        let foodIDs = Set(food.map { MosaicID($0.id)! })
        #expect(trial.cohort.count == 3 && trial.cohort.isSubset(of: foodIDs))
        let member = try #require(food.first { trial.cohort.contains(MosaicID($0.id)!) })
        let outsider = try #require(food.first { !trial.cohort.contains(MosaicID($0.id)!) })

        // The member finds it in the reserved third slot, explained; nobody else sees it before graduation,
        // although it is in the hot pool every fresh post starts in.
        let page = try await member.client.get("/api/v1/explore?limit=12&explain=1").list("posts")
        try #require(page.count == 12)
        #expect(page[2]["post_id"] as? String == postID)
        #expect(page[2]["source"] as? String == "trial")
        #expect((page[2]["reasons"] as? [String]) == ["trial audience, round 1"])
        for u in [outsider] + travellers {
            var cursor: String? = nil
            var seen: [String] = []
            for _ in 0..<3 {
                let r = try await u.client.get("/api/v1/explore?limit=12" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += r.list("posts").compactMap { $0["post_id"] as? String }
                cursor = r.string("next_cursor")
            }
            #expect(seen.count >= 30)
            #expect(!seen.contains(postID), "\(u.username) is not in the cohort")
        }
        // Blocked and following viewers are excluded by policy as well as by the cohort.
        let trollPage = try await blocked.client.get("/api/v1/explore?limit=30").list("posts")
        #expect(!trollPage.contains { $0["post_id"] as? String == postID })
    }
}
