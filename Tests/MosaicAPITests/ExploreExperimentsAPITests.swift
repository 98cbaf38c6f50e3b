import Foundation
import Testing
import MosaicCore
import MosaicExplore
import MosaicStore
@testable import MosaicAPI

/// A second ranker version for an experiment arm: prefers older posts.
struct OldestFirst: CandidateScorer {
    let version = "test-oldest"
    func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        candidates.map { -Float($0.createdAt.timeIntervalSince1970) }
    }
}

/// A shadow model: scores every candidate 0.5, logged and never served.
struct Shadow: CandidateScorer {
    let version = "test-shadow"
    func score(_ candidates: [Candidate], features: FeatureRows, context: ExploreContext) throws -> [Float] {
        candidates.map { _ in 0.5 }
    }
}

@Suite struct ExploreExperimentsAPITests {
    @Test func bucketsAreStableUniformAndParsed() throws {
        let plan = try ExperimentPlan.parse("treatment:0-50:v2,holdout:90-100:v0", shadow: "v3")
        #expect(plan.arms.map(\.name) == ["treatment", "holdout"] && plan.shadowVersion == "v3")
        #expect(throws: ExperimentPlanError.self) { try ExperimentPlan.parse("bad:50-20:v2") }
        #expect(throws: ExperimentPlanError.self) { try ExperimentPlan.parse("bad:0-101:v2") }
        var counts = [Int](repeating: 0, count: 100)
        let ids = IDGenerator()
        for i in 0..<20_000 {
            let u = ids.next(shard: i % 64)
            let b = plan.bucket(for: u)
            #expect(b == plan.bucket(for: u))
            counts[b] += 1
        }
        // 200 expected per bucket; a hash that clumped consecutive IDs would leave buckets empty or doubled.
        #expect(counts.min()! > 120 && counts.max()! < 290)
        #expect(plan.arm(forBucket: 10)?.rankerVersion == "v2" && plan.arm(forBucket: 95)?.name == "holdout")
        #expect(plan.arm(forBucket: 60) == nil)
    }

    /// A post deleted between ranking and serving is missing from its page; the posts after it keep their own
    /// positions in the list.
    @Test func labellingFindsEachServedPostAtItsPositionInTheList() {
        let viewer = MosaicID(rawValue: 42), at = Date(timeIntervalSince1970: 1_800_000_000)
        let posts = (1...4).map { MosaicID(rawValue: UInt64($0)) }
        let items = posts.map { RankedList.Item(post: $0, source: "ann", retrievalScore: 0, lightScore: 0, heavyScore: nil,
                                                shadowScore: nil, features: nil) }
        let list = RankedList(request: 7, viewer: viewer, at: at, bucket: 3, arm: "control", modelVersion: "v",
                              shadowVersion: nil, servedBy: "funnel", items: items)
        let page = ServedPage(request: 7, viewer: viewer, at: at, offset: 0, posts: [posts[0], posts[2], posts[3]])
        let like = EngagementRow(user: viewer, post: posts[3], kind: .like, at: at.addingTimeInterval(5))
        let impressions = ImpressionLabelling.impressions([.ranked(list), .served(page)], engagements: [like])
        #expect(impressions.map(\.position) == [0, 2, 3])
        #expect(impressions.map { !$0.engaged.isEmpty } == [false, false, true])
    }

    @Test func theLogKeepsItsRetentionAndSkipsATornRecord() async throws {
        let data = NSTemporaryDirectory() + "mosaic-explore-retention-\(UUID().uuidString)"
        let sink = ExploreLogFile(data: data, retentionDays: 3)
        try FileManager.default.createDirectory(atPath: sink.directory, withIntermediateDirectories: true)
        let old = (sink.directory as NSString).appendingPathComponent("explore-2000-01-01.log")
        #expect(FileManager.default.createFile(atPath: old, contents: Data([1, 2, 3])))
        let page = ServedPage(request: 7, viewer: MosaicID(rawValue: 42), at: Date(timeIntervalSince1970: 1_800_000_000),
                              offset: 10, posts: [MosaicID(rawValue: 1), MosaicID(rawValue: 2)])
        await sink.record(.served(page))
        await sink.flush()
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(try ExploreLogFile.read(data: data) == [.served(page)])
        // A crash mid-write leaves a torn last record: reading stops before it.
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: sink.directory).first)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: (sink.directory as NSString).appendingPathComponent(file)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([200, 0, 0, 0, 1, 2]))
        try handle.close()
        #expect(try ExploreLogFile.read(data: data) == [.served(page)])
    }

    @Test func armsPickTheModelShadowIsLoggedAndImpressionsAreLabelled() async throws {
        let logDir = NSTemporaryDirectory() + "mosaic-explore-log-\(UUID().uuidString)"
        let sink = ExploreLogFile(data: logDir)
        var config = ExploreConfiguration()
        config.featureLogRate = 1
        let s = try await TestServer.start(explore: { store, catalog, clock in
            ExploreFunnel(store: store, catalog: catalog, clock: clock, config: config,
                          retrieval: CategoryRetrieval(catalog: catalog), userVectors: FoodLover(),
                          heavy: NewestFirst(), rankers: [OldestFirst(), Shadow()], log: sink)
        })
        let treated = try await ExploreFunnelAPITests.seed(s)
        let control = try await s.signUp("control")
        let funnel = try #require(s.services.explore as? ExploreFunnel)
        let tid = try #require(MosaicID(treated.id)), cid = try #require(MosaicID(control.id))
        let b = funnel.experiments.bucket(for: tid)
        try #require(funnel.experiments.bucket(for: cid) != b)
        funnel.experiments = try ExperimentPlan.parse("oldest:\(b)-\(b + 1):test-oldest", shadow: "test-shadow")

        let first = try await treated.client.get("/api/v1/explore?limit=10")
        let next = try #require(first.string("next_cursor"))
        let second = try await treated.client.get("/api/v1/explore?limit=10&cursor=\(next)")
        let other = try await control.client.get("/api/v1/explore?limit=10")
        let liked = try #require(first.list("posts").first?["post_id"] as? String)
        s.clock.advance(by: 5)
        #expect(try await treated.client.post("/api/v1/posts/\(liked)/like").status == 200)
        // Records are written beside the requests: wait (bounded) until all five have reached the file.
        var records: [ExploreLogRecord] = []
        for _ in 0..<200 where records.count < 5 {
            try await Task.sleep(for: .milliseconds(10))
            await sink.flush()
            records = try ExploreLogFile.read(data: logDir)
        }
        let lists = records.compactMap { if case .ranked(let l) = $0 { l } else { nil } }
        #expect(lists.count == 2)
        let t = try #require(lists.first { $0.viewer == tid })
        let c = try #require(lists.first { $0.viewer == cid })
        #expect(t.arm == "oldest" && t.modelVersion == "test-oldest" && t.bucket == b)
        #expect(c.arm == "control" && c.modelVersion == "test-newest")
        // The shadow model scored every heavy-ranked item and changed nothing: the treated order follows its arm.
        #expect(t.shadowVersion == "test-shadow" && t.items.filter { $0.heavyScore != nil }.allSatisfy { $0.shadowScore == 0.5 })
        #expect(t.items.contains { $0.heavyScore != nil })
        #expect(t.items.first?.features?.count == RankingFeatures.names.count)
        // Served pages are logged at their positions.
        let pages = records.compactMap { if case .served(let p) = $0 { p } else { nil } }
        let tPages = pages.filter { $0.viewer == tid }.sorted { $0.offset < $1.offset }
        #expect(tPages.map(\.offset) == [0, 10])
        #expect(tPages[0].posts.map(\.description) == first.list("posts").compactMap { $0["post_id"] as? String })
        #expect(tPages[1].posts.map(\.description) == second.list("posts").compactMap { $0["post_id"] as? String })
        #expect(pages.contains { $0.viewer == cid && $0.posts.count == other.list("posts").count })

        // Labelling joins the like to its impression; the report has one row per arm.
        let store = try #require(s.services.store as? SQLiteStore)
        let engagements = try await store.engagementLog(since: .distantPast, limit: 1_000)
        let impressions = ImpressionLabelling.impressions(records, engagements: engagements)
        #expect(impressions.count == 30)
        let engaged = impressions.filter { !$0.engaged.isEmpty }
        #expect(engaged.count == 1 && engaged[0].post.description == liked && engaged[0].position == 0 && engaged[0].engaged == [.like])
        let report = ImpressionLabelling.report(impressions)
        #expect(report.map(\.arm) == ["control", "oldest"])
        #expect(report.first { $0.arm == "oldest" }.map { ($0.impressions, $0.engaged) } ?? (0, 0) == (20, 1))
        let rows = ImpressionLabelling.trainingRows(impressions)
        #expect(rows.count == 30 && rows.filter { $0.labels[0] == 1 }.count == 1)
    }
}
