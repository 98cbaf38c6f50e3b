import Foundation
import Logging
import Testing
import MosaicCore
import MosaicRealtime
import MosaicStore
@testable import MosaicExplore

/// Trial audiences as Explore runs them, driven through the event log: rounds expand on a good rate and stop
/// on a poor one, and a consumer restart mid-stream leaves exact counts.
@Suite struct TrialRoundsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func uid(_ n: Int) -> UserID { MosaicID(rawValue: UInt64(n)) }

    /// A world of 200 food lovers (users 1…200) and a catalog holding `posts` by author 9_000 in food, with the
    /// trial wiring over an empty SQLite store (no follows, no blocks) and no model (cohorts by interest).
    struct Fixture {
        let dir = NSTemporaryDirectory() + "mosaic-trials-\(UUID().uuidString)"
        let clock = ManualClock(TrialRoundsTests.start)
        let catalog = PostCatalog()
        let store: SQLiteStore
        let log: EventLog
        let author = TrialRoundsTests.uid(9_000)

        init(posts: [PostID]) throws {
            store = try SQLiteStore(directory: dir + "/db", synchronousFull: false)
            log = try EventLog(directory: dir + "/events", clock: clock)
            for p in posts {
                catalog.upsert(CatalogEntry(postID: p, authorID: author, category: "food", hashtagCount: 0, createdAt: clock.now(),
                                            likes: 0, comments: 0, saves: 0, shares: 0, hides: 0, impressions: 0,
                                            authorFollowers: 0, authorRegion: "eu"))
            }
        }

        /// A fresh process over the same folders: new trials, counters and consumers restored from checkpoints.
        func open(policy: TrialPolicy) async throws -> (ExploreTrials, EngagementCounters, [EventConsumer]) {
            let population = TrialPopulation()
            for u in 1...200 { population.observe(uid(u), vector: nil, interests: ["food": Float(u) / 200]) }
            let counters = EngagementCounters()
            var quiet = Logger(label: "mosaic-test")
            quiet.logLevel = .critical
            let trials = ExploreTrials(catalog: catalog, store: store, retrieval: nil, clock: clock, policy: policy,
                                       population: population, logger: quiet, baselineRate: { counters.engagementRate(category: $0, minimumViews: 1) })
            let consumers = [
                try await EventConsumer(name: "counters", log: log, projection: counters, batchSize: 7, commitEvery: 20),
                try await EventConsumer(name: "trials", log: log, projection: trials.registry, batchSize: 7, commitEvery: 20),
            ]
            return (trials, counters, consumers)
        }

        func events(_ post: PostID, _ users: [UserID], _ kind: Engagement.Kind) -> [Engagement] {
            users.map { Engagement(userID: $0, postID: post, authorID: author, kind: kind, category: "food", at: clock.now()) }
        }

        /// Background traffic that sets the food baseline: 100 views and 10 likes (10 %).
        func baselineTraffic() async throws {
            let other = uid(77_777)
            try await log.append(events(other, (1...100).map(uid), .view) + events(other, (1...10).map(uid), .like))
        }
    }

    static var policy: TrialPolicy {
        var p = TrialPolicy()
        p.firstCohort = 20
        p.growthFactor = 3
        p.minimumViews = 10
        p.maxRounds = 3
        return p
    }

    @Test func aGoodRateExpandsTheCohortAndAPoorOneStops() async throws {
        let good = Self.uid(500_001), poor = Self.uid(500_002)
        let f = try Fixture(posts: [good, poor])
        let (trials, _, consumers) = try await f.open(policy: Self.policy)
        try await f.baselineTraffic()
        for c in consumers { try await c.catchUp() }

        let g1 = try #require(await trials.postCreated(good))
        let p1 = try #require(await trials.postCreated(poor))
        // The strongest food lovers first (interest fallback without a model); the poor post's cohort is the same
        // people, since each trial excludes only its own past audience.
        #expect(g1.cohort == Set((181...200).map(Self.uid)))
        #expect(p1.cohortSize == 20)

        // Good: 15 of 20 view, 9 like or send (60 %, lower bound ≈ 39 % > 10 %). Poor: 15 view, 1 likes.
        let goodViewers = g1.cohort.sorted().prefix(15), poorViewers = p1.cohort.sorted().prefix(15)
        try await f.log.append(f.events(good, Array(goodViewers), .view) + f.events(good, Array(goodViewers.prefix(5)), .like)
                               + f.events(good, Array(goodViewers.suffix(4)), .share)
                               + f.events(poor, Array(poorViewers), .view) + f.events(poor, [poorViewers.first!], .like))
        for c in consumers { try await c.catchUp() }
        f.clock.advance(by: 30)
        let decisions = await trials.advance()
        #expect(decisions.map(\.verdict) == [.expand, .stop])

        let g2 = try #require(await trials.registry.trial(good))
        #expect(g2.round == 2 && g2.cohortSize == 60 && g2.audience == 80)
        #expect(g2.cohort.isDisjoint(with: g1.cohort))
        #expect(g2.decisions[0].views == 15 && g2.decisions[0].engaged == 9)
        let stopped = try #require(await trials.registry.trial(poor))
        #expect(stopped.status == .stopped && stopped.audience == 20)
        #expect(stopped.decisions[0].reason.contains("does not beat the food baseline"))

        // Withheld from non-members; a second-round member gets the reserved slot with its round.
        let outsider = await trials.registry.reservation(for: Self.uid(1))
        #expect(outsider.withheld == [good, poor] && outsider.slots.isEmpty)
        let member = try #require(g2.cohort.first)
        let r = await trials.registry.reservation(for: member)
        #expect(r.slots == [TrialSlot(post: good, round: 2)] && r.withheld == [poor])
    }

    @Test func aConsumerRestartMidStreamLeavesExactCounts() async throws {
        let post = Self.uid(600_001)
        let f = try Fixture(posts: [post])
        var cohort: [UserID] = []
        do {
            let (trials, counters, consumers) = try await f.open(policy: Self.policy)
            try await f.baselineTraffic()
            for c in consumers { try await c.catchUp() }
            cohort = try #require(await trials.postCreated(post)).cohort.sorted()
            // Views by all 20 and likes by 6 (and a repeated like), read in batches of 7 with commits every 20.
            try await f.log.append(f.events(post, cohort, .view) + f.events(post, Array(cohort.prefix(6)), .like)
                                   + f.events(post, [cohort[0]], .like))
            // Batches of 7 from offset 110: a commit at 131 (21 applied), then 6 more applied but not committed.
            for c in consumers { while try await c.poll() > 0 {} }
            #expect(await consumers[1].committedOffset == 131)
            #expect(await consumers[1].nextOffset == 137)
            #expect(counters.counts(category: "food").views == 120)
            // The process dies here: 7 events applied, not committed.
        }
        try await f.log.append(f.events(post, [cohort[19]], .share))
        let (trials, counters, consumers) = try await f.open(policy: Self.policy)
        for c in consumers { try await c.catchUp() }
        let food = counters.counts(category: "food")
        #expect(food.views == 120 && food[.like] == 17 && food[.share] == 1)
        let t = try #require(await trials.registry.trial(post))
        #expect(t.viewers.count == 20 && t.engaged.count == 7)
        #expect(t.engaged == Set(cohort.prefix(6)).union([cohort[19]]))
        f.clock.advance(by: 30)
        let d = try #require(await trials.advance().first)
        #expect(d.views == 20 && d.engaged == 7 && d.verdict == .expand)
        // The baseline the round was judged against counted each event once: 17 likes + 1 share per 120 views.
        #expect(abs(d.baseline - 18.0 / 120.0) < 1e-9)
    }

    /// A trial is state outside the event log: started after the consumer's last commit, it survives a crash
    /// only because `commitNow` stored it (the API does this before the post's 201). Without it, it is lost.
    @Test func aTrialStartedAfterTheLastCommitSurvivesACrashOnlyWhenStored() async throws {
        let stored = Self.uid(600_101), unstored = Self.uid(600_102)
        let f = try Fixture(posts: [stored, unstored])
        var cohort: [UserID] = []
        do {
            let (trials, _, consumers) = try await f.open(policy: Self.policy)
            try await f.baselineTraffic()
            for c in consumers { try await c.catchUp() }
            cohort = try #require(await trials.postCreated(stored)).cohort.sorted()
            try await consumers[1].commitNow()
            #expect(await trials.postCreated(unstored) != nil)
            // The process dies here: the second trial was never stored.
        }
        let (trials, _, _) = try await f.open(policy: Self.policy)
        #expect(await trials.registry.trial(stored)?.cohort.sorted() == cohort)
        #expect(await trials.registry.trial(unstored) == nil)
    }
}
