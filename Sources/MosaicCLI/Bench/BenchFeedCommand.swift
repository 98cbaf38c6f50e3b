import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MosaicAPI
import MosaicCore
import MosaicFeed
import MosaicStore
import MosaicWorld

/// `mosaic bench feed`: push-only, pull-only and hybrid fan-out over one generated world and one post stream.
struct BenchFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed",
        abstract: "Compare push, pull and hybrid home-feed designs: timeline writes per post, fan-out throughput, read latency, memory.")

    @Option(help: "Users in the world.") var users: Int = 100_000
    @Option(help: "Mean accounts followed per user (100 K × 100 = 10 M edges).") var following: Double = 100
    @Option(help: "Posts per user in the stream.") var posts: Double = 3
    @Option(help: "Celebrity threshold (followers).") var threshold: Int = 10_000
    @Option(help: "Readers whose first page is timed.") var readers: Int = 20_000
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Option(help: "Users in the smaller world served over HTTP for the hybrid design (0 skips it).") var httpUsers: Int = 10_000
    @Option(help: "Timed requests per HTTP phase.") var httpRequests: Int = 2_000
    @Option(help: "Data folder for the HTTP world (deleted and generated again unless --reuse-http-data).")
    var httpData: String = "bench-out/feed-http-world"
    @Flag(help: "Serve the HTTP world already in --http-data (with its feed model) instead of generating it again.")
    var reuseHttpData = false
    @Option(help: "Timed passes over the readers for the warm in-process reads.") var warmPasses: Int = 3

    func run() async throws {
        var config = WorldConfig(seed: seed, userCount: users)
        config.meanFollowing = following
        config.postsPerUser = posts
        config.impressionsPerUser = 0
        let bar = ProgressBar("Generating world ")
        let world = WorldGenerator(config: config).generate { bar.update($0.overall, detail: $0.stage.rawValue) }
        bar.finish()
        var feed = FeedConfiguration.fromEnvironment()
        feed.celebrityThreshold = threshold
        let input = Self.input(world: world, feed: feed, readers: readers)
        let maxFollowers = (0..<world.users.count).map { world.graph.followerCount(of: $0) }.max() ?? 0
        print("world: \(users) users, \(world.graph.edgeCount) follow edges, \(world.posts.count) posts, " +
              "largest account \(maxFollowers) followers, \(input.active.filter { $0 }.count) active, threshold \(threshold)")
        var rows: [FeedBenchmarkRow] = []
        for design in FeedDesign.allCases {
            FileHandle.standardError.write(Data("running \(design.rawValue)…\n".utf8))
            rows.append(FeedBenchmark(configuration: feed).run(input, design: design))
        }
        print(FeedBenchmark.table(rows))
        print(String(format: "peak RSS of the process (world, stream and all three runs): %.0f MB", FeedBenchmark.peakResidentMegabytes()))
        if httpUsers > 0 { try await overHTTP() }
    }

    /// The hybrid design as the server runs it (`FeedEngine` over SQLite, ranked pages, hydration): a smaller
    /// world loaded into a data folder, timed in-process through the service and then over HTTP on loopback.
    func overHTTP() async throws {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: httpData, relaxedLimits: true)
        config.passwordCostLog2 = 10
        let models = (httpData as NSString).appendingPathComponent("models")
        var reuse = false
        if reuseHttpData, FileManager.default.fileExists(atPath: httpData),
           try FeedModelFiles.loadCurrent(directory: (models as NSString).appendingPathComponent("feed")) != nil {
            reuse = try await SQLiteStore(directory: httpData, synchronousFull: false).userCount() > 0
        }
        if !reuse {
            try? FileManager.default.removeItem(atPath: httpData)
            // The world exactly as `mosaic demo --users N --seed S` generates and loads it (it ends now).
            let started = ContinuousClock.now
            let demo = try DemoCommand.parse(["--users", "\(httpUsers)", "--seed", "\(seed)"])
            try await demo.generate(into: SQLiteStore(directory: httpData, synchronousFull: false), config: config)
            print(String(format: "HTTP world: %d users generated, loaded and Explore's rankers trained in %.0f s",
                         httpUsers, Self.ms(ContinuousClock.now - started) / 1000))
            // The feed ranker the server loads, as `mosaic train feed` writes it, so pages are ranked as served.
            try FeedWorldTraining.parse(["--world-users", "\(httpUsers)", "--world-seed", "\(seed)"])
                .run(modelsDirectory: models, quiet: true)
        }
        let opening = ContinuousClock.now
        var logger = Logger(label: "mosaic-bench-feed")
        logger.logLevel = .critical
        let runtime = try await MosaicRuntime.open(config: config, logger: logger)
        print(String(format: "server opened over it in %.1f s", Self.ms(ContinuousClock.now - opening) / 1000))
        // Readers: accounts that engaged in the last inactivity window (so they count as active) and follow
        // someone; the first 500 by ID.
        let since = Date().addingTimeInterval(-config.feed.inactivityWindow)
        let engaged = Set(try await runtime.store.engagementLog(since: since, limit: 1_000_000).map(\.user))
        let accounts = try await runtime.store.users(ids: Array(engaged))
        let readers = Array(accounts.values.filter { $0.followingCount > 0 }.sorted { $0.id < $1.id }.prefix(500))
        guard !readers.isEmpty else { throw ValidationError("the HTTP world has no active readers") }
        let feed = runtime.services.feed
        // First reads rebuild each reader's timeline (the bulk load wrote none); then timed warm reads,
        // ranked and in time order, interleaved pass by pass.
        var passes: [[Double]] = [[], [], []]   // cold ranked, warm ranked, warm time order
        let rebuildsBefore = runtime.services.feedEngine?.fanOutCounters.rebuilds ?? 0
        var rebuilt = 0
        for pass in 0..<(1 + 2 * max(1, warmPasses)) {
            let kind = pass == 0 ? 0 : 1 + (pass - 1) % 2
            for r in readers {
                let t = ContinuousClock.now
                _ = try await feed.page(viewer: r.id, cursor: [], limit: 20, chronological: kind == 2)
                passes[kind].append(Self.ms(ContinuousClock.now - t))
            }
            if pass == 0 { rebuilt = (runtime.services.feedEngine?.fanOutCounters.rebuilds ?? 0) - rebuildsBefore }
        }
        var tokens: [String] = []
        for r in readers.prefix(200) { tokens.append(try await runtime.services.sessionToken(username: r.username)) }
        let (stream, cont) = AsyncStream<Int>.makeStream()
        let server = Task { try await runtime.serve { port in cont.yield(port); cont.finish() } }
        var port = 0
        for await p in stream { port = p }
        let url = URL(string: "http://127.0.0.1:\(port)/api/v1/feed?limit=20")!
        let session = URLSession(configuration: .ephemeral)
        let tokenList = tokens
        @Sendable func call(_ i: Int) async throws -> Double {
            var request = URLRequest(url: url)
            request.setValue("Bearer \(tokenList[i % tokenList.count])", forHTTPHeaderField: "Authorization")
            let t = ContinuousClock.now
            let (_, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw ValidationError("HTTP \(String(describing: response))") }
            return Self.ms(ContinuousClock.now - t)
        }
        for i in 0..<tokens.count { _ = try await call(i) }
        var sequential: [Double] = []
        for i in 0..<httpRequests { sequential.append(try await call(i)) }
        let started = ContinuousClock.now
        let requests = httpRequests
        let concurrent = try await withThrowingTaskGroup(of: [Double].self) { group in
            for w in 0..<4 {
                group.addTask {
                    var out: [Double] = []
                    for i in Swift.stride(from: w, to: requests, by: 4) { out.append(try await call(i)) }
                    return out
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let rate = Double(httpRequests) / max(Self.ms(ContinuousClock.now - started) / 1000, 1e-9)
        server.cancel()
        print("""

        hybrid as served (FeedEngine over SQLite, first page of 20 ranked by the trained feed model, hydrated over HTTP): `mosaic demo`'s world of \
        \(httpUsers) users, \(readers.count) readers, \(max(1, warmPasses)) warm passes:
        | path | p50 ms | p99 ms |
        |---|---:|---:|
        """)
        for (name, xs) in [("in-process, first read, caches cold (\(rebuilt) of \(readers.count) timelines rebuilt, the rest loaded)", passes[0]), ("in-process, warm", passes[1]),
                           ("in-process, warm, ?order=chronological", passes[2]),
                           ("HTTP loopback, 1 client", sequential), (String(format: "HTTP loopback, 4 clients (%.0f req/s)", rate), concurrent)] {
            print(String(format: "| %@ | %.2f | %.2f |", name, Self.percentile(xs, 0.5), Self.percentile(xs, 0.99)))
        }
    }

    static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    static func percentile(_ xs: [Double], _ q: Double) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
    }

    /// The world as the benchmark's dense input: the stream is every post in time order; timed readers are
    /// active users taken at a fixed stride (deterministic).
    static func input(world: World, feed: FeedConfiguration, readers: Int) -> FeedBenchmarkInput {
        let cutoff = world.config.endUnixMillis - Int64(feed.inactivityWindow * 1000)
        let active = world.users.lastActiveAtMillis.map { $0 >= cutoff }
        let candidates = active.indices.filter { active[$0] }
        let stride = max(1, candidates.count / max(readers, 1))
        let sample = Swift.stride(from: 0, to: candidates.count, by: stride).prefix(readers).map { Int32(candidates[$0]) }
        return FeedBenchmarkInput(followerOffsets: world.graph.followerOffsets, followerSources: world.graph.followerSources,
                                  followingOffsets: world.graph.followingOffsets, followingTargets: world.graph.followingTargets,
                                  active: active, postAuthors: world.posts.authors, readers: sample)
    }
}
