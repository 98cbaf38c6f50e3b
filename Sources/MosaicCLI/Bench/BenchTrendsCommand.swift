import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MosaicAPI
import MosaicCore
import MosaicExplore
import MosaicRealtime
import MosaicStore
import MosaicWorld

/// `mosaic bench trends`: the real-time side of Explore on a generated world, with simulated traffic on a
/// simulated clock. The server (`MosaicRuntime`: catalog, two-tower index, trend detector, counters, trial
/// audiences, all fed by the event log) runs in-process; simulated users open Explore, look at the first 12
/// tiles, view and like by their taste, and every event goes through the log and its consumers.
/// (a) a viral post from a new zero-follower account: time until it is in ≥ 10 % of the grids served to users
/// who like its category, and its trial audience round by round; (b) a poor post in the same category: its trial
/// stops and it leaves Explore; (c) new users with a world user's latent taste who pick interests, then like 0, 5
/// and 20 posts: NDCG@10 of their Explore grid against the popularity ranking, judged by the world's own
/// engagement model (`ColdStartBench`).
struct BenchTrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trends",
        abstract: "Trend reach, trial audiences (viral vs poor post) and cold-start NDCG@10, simulated on a generated world.")

    @Option(help: "Users in the world.") var users: Int = 5_000
    @Option(help: "Posts per user.") var postsPerUser: Double = 4
    @Option(help: "Data folder for the world and its model (regenerated each run: the simulation adds accounts, posts and likes).")
    var data: String = "bench-out/trends-world"
    @Flag(help: "Reuse the world already in --data (faster; later runs see earlier runs' accounts and likes).") var reuse = false
    @Option(help: "Simulated users opening Explore (those with the most engagement history).") var active: Int = 1_500
    @Option(help: "Mean simulated seconds between two Explore visits of one user.") var visitEvery: Double = 60
    @Option(help: "Simulated seconds of traffic before the posts are injected (baselines form).") var warmup: Int = 120
    @Option(help: "Simulated seconds of traffic after the injection.") var duration: Int = 600
    @Option(help: "Cold-start users (new accounts with the latent taste of world users outside the traffic).") var coldUsers: Int = 300
    @Option(help: "Two-tower epochs when the model is first trained.") var epochs: Int = 2
    @Option(help: "Generator and traffic seed.") var seed: UInt64 = 42

    /// The simulated users' behaviour: chance to open a tile, and to like it, by post quality and taste.
    struct Behaviour {
        static let tilesLooked = 12
        static let ordinaryQuality = 0.25, viralQuality = 0.9, poorQuality = 0.02
        static func viewChance(affinity: Double) -> Double { 0.35 + 0.5 * affinity }
        static func likeChance(quality: Double, affinity: Double) -> Double { quality * (0.3 + 0.7 * affinity) }
    }

    func run() async throws {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: data, relaxedLimits: true)
        config.passwordCostLog2 = 10
        if !reuse { try? FileManager.default.removeItem(atPath: data) }
        let store = try SQLiteStore(directory: data, synchronousFull: false)
        let world = try await store.userCount() == 0 ? try await generate(into: store) : try regenerate()
        if try ExploreModelFiles.loadRankers(data: data) == nil {
            announce("Training Explore's rankers on the world's Explore impressions …")
            announce("  " + (try WorldImpressions.trainRankers(world, data: data)))
        }
        if try ExploreModelFiles.loadTwoTower(data: data) == nil {
            announce("Training the two-tower model (\(epochs) epochs) …")
            let r = try await RetrainCommand.train(store: store, data: data, maxEvents: 300_000, epochs: epochs, progress: true)
            announce(String(format: "  %d examples in %.1f s", r.examples, r.seconds))
        }
        // A fresh event log each run: the simulated clock starts now and every consumer starts at offset 0.
        try? FileManager.default.removeItem(atPath: (data as NSString).appendingPathComponent("events"))
        // The posts keep the impressions and hides counted so far (a reused world's earlier runs); the catalog's
        // counter starts the new log from its beginning.
        try await store.forgetEventOffset(consumer: MosaicRuntime.catalogCountersConsumer)
        let clock = ManualClock(Date())
        var logger = Logger(label: "mosaic-bench")
        logger.logLevel = .warning
        let runtime = try await MosaicRuntime.open(config: config, logger: logger, clock: clock)
        guard let funnel = runtime.services.explore as? ExploreFunnel, let retrieval = runtime.retrieval,
              let sink = runtime.services.events as? EventLogSink else { throw ValidationError("no funnel, model or event log") }
        let catalog = runtime.services.catalog
        announce("world: \(try await store.userCount()) users, \(catalog.count) posts in the catalog, \(retrieval.index.count) vectors")

        // Tastes from the world's engagement: each user's share of likes and saves per category.
        let rows = try await store.engagementLog(since: .distantPast, limit: 5_000_000)
        var tastes: [UserID: [String: Double]] = [:], history: [UserID: [PostID]] = [:]
        for r in rows where r.kind == .like || r.kind == .save {
            guard let e = catalog.entry(r.post), !e.category.isEmpty else { continue }
            tastes[r.user, default: [:]][e.category, default: 0] += 1
            if r.kind == .like { history[r.user, default: []].append(r.post) }
        }
        for (u, t) in tastes { let n = t.values.reduce(0, +); tastes[u] = t.mapValues { $0 / n } }
        let ranked = tastes.keys.sorted { (history[$0]?.count ?? 0, $1) > (history[$1]?.count ?? 0, $0) }
        let actives = Array(ranked.prefix(active))
        var categoryFans: [String: Int] = [:]
        for u in actives { if let top = tastes[u]?.max(by: { $0.value < $1.value })?.key { categoryFans[top, default: 0] += 1 } }
        guard let category = categoryFans.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else {
            throw ValidationError("the world has no engagement")
        }
        let relevant = Set(actives.filter { (tastes[$0]?[category] ?? 0) >= 0.15 })
        announce("\(actives.count) simulated users (one Explore visit per \(Int(visitEvery)) s on average); \(relevant.count) of them like \(category) (≥ 15 % of their likes)")

        // The population trial cohorts are drawn from: the simulated users, placed by the user tower.
        await runtime.trials.enrol(actives, vectors: retrieval, now: clock.now())

        // HTTP for what only the API does (accounts, posts, interests); the traffic itself is in-process.
        let (stream, cont) = AsyncStream<Int>.makeStream()
        let server = Task { try await runtime.serve(background: false) { port in cont.yield(port); cont.finish() } }
        defer { server.cancel() }
        var port = 0
        for await p in stream { port = p }
        let api = BenchAPI(base: "http://127.0.0.1:\(port)")

        var sim = TrafficSimulation(funnel: funnel, store: store, catalog: catalog, log: sink.log, clock: clock, tastes: tastes,
                             actives: actives, relevant: relevant, visitEvery: visitEvery, seed: seed)
        announce("Warm-up: \(warmup) simulated seconds of traffic …")
        for _ in 0..<warmup { try await sim.tick(); try await runtime.catchUpRealtime() }

        // (a) and (b): two posts from brand-new accounts in the same category, at the same moment.
        let run = UInt64(clock.now().timeIntervalSince1970)
        let viralAuthor = try await api.signUp("viral\(run)"), poorAuthor = try await api.signUp("poor\(run)")
        let viral = try await api.post(as: viralAuthor, store: store, ids: runtime.services.ids, clock: clock,
                                       caption: "the best \(category) you will see today #\(category)")
        let poor = try await api.post(as: poorAuthor, store: store, ids: runtime.services.ids, clock: clock,
                                      caption: "a blurry \(category) photo #\(category)")
        sim.quality[viral] = Behaviour.viralQuality
        sim.quality[poor] = Behaviour.poorQuality
        sim.tracked = [viral, poor]
        let injected = clock.now()
        let first = await runtime.trials.registry.trial(viral)
        print("\n# mosaic bench trends: \(try await store.userCount()) users, \(catalog.count) posts, \(actives.count) simulated users, category \(category) (\(relevant.count) relevant users)\n")
        print("Both posts start a trial on creation: viral cohort \(first?.cohortSize ?? 0) (\(first?.cohort.intersection(relevant).count ?? 0) of them \(category) fans), poor cohort \(await runtime.trials.registry.trial(poor)?.cohortSize ?? 0); 1 simulated second per tick, one Explore visit per user per \(Int(visitEvery)) s on average.\n")

        var reachedAt: Double? = nil
        var decisions: [(Double, PostID, TrialDecision)] = []
        var trendingAt: Double? = nil
        var shareAt: [Int: Double] = [:]
        var shares: [Double] = []
        for second in stride(from: 1, through: duration, by: 1) {
            try await sim.tick()
            for d in try await runtime.catchUpRealtime() {
                let post = await runtime.trials.registry.decisions(viral).contains(d) ? viral : poor
                decisions.append((Double(second), post, d))
            }
            if trendingAt == nil, let t = sim.firstTrendingShow[viral] { trendingAt = t.timeIntervalSince(injected) }
            let share = sim.windowShare(of: viral, since: clock.now().addingTimeInterval(-10))
            if [30, 60, 120, 300, 600].contains(second) { shareAt[second] = share.share }
            shares.append(share.grids >= 10 ? share.share : 0)
            if reachedAt == nil, share.grids >= 10, share.share >= 0.10 { reachedAt = Double(second) }
        }
        let elapsed = clock.now().timeIntervalSince(injected)

        print("## (a) Viral post (zero followers, new account)\n")
        print("- in ≥ 10 % of the grids served to \(category) fans (10 s sliding window): " +
              (reachedAt.map { String(format: "**%.0f s** after posting", $0) } ?? "**not reached** in \(Int(elapsed)) s"))
        // Sustained: from this second on, ≥ 10 % for the next 30 s.
        let sustained = shares.indices.first { i in i + 30 <= shares.count && shares[i..<(i + 30)].allSatisfy { $0 >= 0.10 } }
        print("- in ≥ 10 % of them for at least 30 s in a row from: " + (sustained.map { "**\($0 + 1) s** after posting" } ?? "never"))
        print("- first shown as a trending post (to anyone): " + (trendingAt.map { String(format: "%.0f s after posting", $0) } ?? "never"))
        print("- share of \(category) fans' grids holding it (last 10 s): " +
              shareAt.sorted { $0.key < $1.key }.map { String(format: "%d s %.1f %%", $0.key, $0.value * 100) }.joined(separator: ", "))
        print(String(format: "- distinct %@ fans who got it in a grid: %d of %d (%.1f %%); all users: %d", category,
                     sim.reached[viral, default: []].intersection(relevant).count, relevant.count,
                     100 * Double(sim.reached[viral, default: []].intersection(relevant).count) / Double(max(relevant.count, 1)),
                     sim.reached[viral, default: []].count))
        print("\n| post | round | decided at | cohort | views | likes+sends | rate | lower bound | baseline | verdict | audience after |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
        var notes: [String] = []
        for post in [viral, poor] {
            var audience = 0
            for (t, p, d) in decisions where p == post {
                if d.cohortSize == 0 {
                    notes.append(String(format: "%@ %@ at %.0f s: %@", post == viral ? "viral" : "poor", d.verdict.rawValue, t, d.reason))
                    continue
                }
                audience += d.cohortSize
                print(String(format: "| %@ | %d | %.0f s | %d | %d | %d | %.1f %% | %.1f %% | %.1f %% | %@ | %d |",
                             post == viral ? "viral" : "poor", d.round, t, d.cohortSize, d.views, d.engaged, d.rate * 100,
                             d.lowerBound * 100, d.baseline * 100, d.verdict.rawValue, audience))
            }
            if let t = await runtime.trials.registry.trial(post), t.status == .testing || t.status == .waitingForCohort {
                print(String(format: "| %@ | %d | (running at the end) | %d | %d | %d | | | | %@ | %d |",
                             post == viral ? "viral" : "poor", t.round, t.cohortSize, t.viewers.count, t.engaged.count,
                             t.status.rawValue, t.audience))
            }
        }
        for n in notes { print("\n" + n) }
        print("\n## (b) Poor post\n")
        let poorTrial = await runtime.trials.registry.trial(poor)
        let stopTime = decisions.first { $0.1 == poor && $0.2.verdict == .stop }?.0
        print("- trial status at the end: \(poorTrial?.status.rawValue ?? "none"); " + (stopTime.map { String(format: "stopped %.0f s after posting", $0) } ?? "never stopped"))
        if let stopTime {
            print("- grids holding it after the stop: \(sim.shownAfter(poor, injected.addingTimeInterval(stopTime))) (before: \(sim.shownBefore(poor, injected.addingTimeInterval(stopTime))))")
        }
        print("- reason: \(poorTrial?.decisions.last?.reason ?? "-")")

        // (c) Cold start: tastes of world users outside the simulated traffic, a seeded sample.
        let activeSet = Set(actives)
        var outside = (0..<world.users.count).filter { !activeSet.contains(world.users.ids[$0]) }
        var pick = WorldRandom(seed: seed, stream: 0xC01D)
        pick.shuffle(&outside)
        let cold = ColdStartBench(world: world, catalog: catalog, funnel: funnel, clock: clock, seed: seed)
        print("\n## (c) Cold-start users (\(min(coldUsers, outside.count)): each takes the latent taste of a world user outside the traffic; interests = its top 2 categories)\n")
        let scores = try await cold.run(tastes: Array(outside.prefix(coldUsers)), api: api, tag: "\(run)") { try await sim.like($0, $1) }
        ColdStartBench.report(scores)
    }

    /// The world as `bench explore` builds it (generated, loaded, rankers trained on its impressions).
    func generate(into store: SQLiteStore) async throws -> World {
        let explore = try BenchExploreCommand.parse(["--users", "\(users)", "--posts-per-user", "\(postsPerUser)",
                                                     "--data", data, "--seed", "\(seed)"])
        let world = try await explore.generate(into: store)
        try "\(world.config.endUnixMillis)".write(toFile: worldEndFile, atomically: true, encoding: .utf8)
        return world
    }

    var worldEndFile: String { (data as NSString).appendingPathComponent("world-end") }

    /// The world already in --data, generated again (not loaded) for its latent truth: same arguments and end time.
    func regenerate() throws -> World {
        guard let end = (try? String(contentsOfFile: worldEndFile, encoding: .utf8)).flatMap({ Int64($0) }) else {
            throw ValidationError("\(worldEndFile) is missing: run once without --reuse")
        }
        return WorldGenerator(config: BenchExploreCommand.worldConfig(users: users, postsPerUser: postsPerUser, seed: seed,
                                                                      endUnixMillis: end)).generate()
    }
}

/// Simulated Explore traffic on the runtime's own funnel and event log, one simulated second per tick.
struct TrafficSimulation {
    typealias Behaviour = BenchTrendsCommand.Behaviour
    let funnel: ExploreFunnel
    let store: SQLiteStore
    let catalog: PostCatalog
    let log: EventLog
    let clock: ManualClock
    let tastes: [UserID: [String: Double]]
    let actives: [UserID]
    let relevant: Set<UserID>
    let visitEvery: Double
    var random: UInt64
    /// Like-worthiness of injected posts (everything else is `Behaviour.ordinaryQuality`).
    var quality: [PostID: Double] = [:]
    /// Posts whose appearances are recorded.
    var tracked: [PostID] = []
    var reached: [PostID: Set<UserID>] = [:]
    var shows: [PostID: [Date]] = [:]
    var firstTrendingShow: [PostID: Date] = [:]
    /// Grids served to relevant users: when, and which tracked posts they held.
    var relevantGrids: [(at: Date, holding: Set<PostID>)] = []

    init(funnel: ExploreFunnel, store: SQLiteStore, catalog: PostCatalog, log: EventLog, clock: ManualClock,
         tastes: [UserID: [String: Double]], actives: [UserID], relevant: Set<UserID>, visitEvery: Double, seed: UInt64) {
        self.funnel = funnel; self.store = store; self.catalog = catalog; self.log = log; self.clock = clock
        self.tastes = tastes; self.actives = actives; self.relevant = relevant; self.visitEvery = visitEvery
        random = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    mutating func chance(_ p: Double) -> Bool {
        random ^= random << 13; random ^= random >> 7; random ^= random << 17
        return Double(random >> 11) / Double(1 << 53) < p
    }

    /// One simulated second: each simulated user opens Explore with probability 1/`visitEvery`, looks at the
    /// first 12 tiles (impressions), opens some (views) and likes some, by post quality and their taste.
    mutating func tick() async throws {
        clock.advance(by: 1)
        let now = clock.now()
        var events: [Engagement] = []
        var likes: [(UserID, Post)] = []
        for u in actives where chance(1 / visitEvery) {
            let page = try await funnel.page(viewer: u, cursor: nil, limit: 24)
            let ids = Set(page.items.map(\.post.id))
            for item in page.items where tracked.contains(item.post.id) {
                reached[item.post.id, default: []].insert(u)
                shows[item.post.id, default: []].append(now)
                if item.source == "trending", firstTrendingShow[item.post.id] == nil { firstTrendingShow[item.post.id] = now }
            }
            if relevant.contains(u) { relevantGrids.append((now, ids.intersection(tracked))) }
            let taste = tastes[u] ?? [:]
            let top = max(taste.values.max() ?? 1, 1e-9)
            for item in page.items.prefix(Behaviour.tilesLooked) {
                let post = item.post
                let affinity = (taste[post.category] ?? 0) / top
                events.append(Engagement(userID: u, postID: post.id, authorID: post.authorID, kind: .impression,
                                         surface: "explore", category: post.category, at: now))
                guard chance(Behaviour.viewChance(affinity: affinity)) else { continue }
                events.append(Engagement(userID: u, postID: post.id, authorID: post.authorID, kind: .view,
                                         surface: "explore", category: post.category, at: now))
                if chance(Behaviour.likeChance(quality: quality[post.id] ?? Behaviour.ordinaryQuality, affinity: affinity)) {
                    likes.append((u, post))
                }
            }
        }
        if !events.isEmpty { try await log.append(events) }
        for (u, post) in likes { try await like(u, post.id) }
    }

    /// What the like endpoint does for Explore: the store row, the catalog counter and the event.
    func like(_ user: UserID, _ post: PostID) async throws {
        guard let e = catalog.entry(post) else { return }
        let (_, changed) = try await store.like(user: user, post: post, at: clock.now())
        guard changed else { return }
        catalog.update(post) { $0.likes += 1 }
        try await log.append([Engagement(userID: user, postID: post, authorID: e.authorID, kind: .like,
                                         surface: "explore", category: e.category, at: clock.now())])
    }

    /// Of the grids served to relevant users since `since`, the share holding `post`.
    func windowShare(of post: PostID, since: Date) -> (share: Double, grids: Int) {
        let recent = relevantGrids.reversed().prefix { $0.at > since }
        let n = recent.count
        return (n == 0 ? 0 : Double(recent.filter { $0.holding.contains(post) }.count) / Double(n), n)
    }

    func shownAfter(_ post: PostID, _ t: Date) -> Int { shows[post, default: []].filter { $0 > t }.count }
    func shownBefore(_ post: PostID, _ t: Date) -> Int { shows[post, default: []].filter { $0 <= t }.count }
}

/// The few calls only the HTTP API makes (accounts, posts, chosen interests).
struct BenchAPI {
    struct Account { let id: UserID; let token: String }
    let base: String
    let session = URLSession(configuration: .ephemeral)

    func call(_ method: String, _ path: String, token: String? = nil, json: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw ValidationError("\(method) \(path): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func signUp(_ username: String) async throws -> Account {
        let r = try await call("POST", "/api/v1/accounts", json: ["username": username, "password": "ZQ9#XV2!WP7$LM4&", "full_name": username])
        guard let id = (r["user_id"] as? String).flatMap(MosaicID.init), let token = r["token"] as? String else {
            throw ValidationError("sign-up returned no user")
        }
        return Account(id: id, token: token)
    }

    func setInterests(_ a: Account, _ categories: [String]) async throws {
        _ = try await call("PUT", "/api/v1/me/interests", token: a.token, json: ["interests": categories])
    }

    /// A post with one (store-made) media record, through `POST /api/v1/posts`: its trial starts before the 201.
    func post(as a: Account, store: SQLiteStore, ids: IDGenerator, clock: any MosaicClock, caption: String) async throws -> PostID {
        let now = clock.now()
        let m = MediaRecord(id: ids.next(shard: a.id.shard), ownerID: a.id, width: 1080, height: 1080,
                            variants: ["1080", "640", "320", "150"], placeholder: "data:image/jpeg;base64,AA",
                            createdAt: now, expiresAt: now.addingTimeInterval(86_400))
        try await store.createMedia(m)
        let r = try await call("POST", "/api/v1/posts", token: a.token, json: ["media_ids": [m.id.description], "caption": caption])
        guard let id = (r["post_id"] as? String).flatMap(MosaicID.init) else { throw ValidationError("post returned no id") }
        return id
    }
}
