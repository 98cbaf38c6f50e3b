import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MosaicAPI
import MosaicCore
import MosaicExplore
import MosaicStore
import MosaicWorld

/// `mosaic bench explore`: the whole Explore funnel on a generated world (100 K users, 1 M posts by default):
/// per-stage and end-to-end latency in-process, then the same requests over HTTP on loopback, and throughput
/// with concurrent clients. The world, its trained two-tower model and its HNSW index are kept in `--data`,
/// so only the first run pays for generating, loading, training and indexing.
struct BenchExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore",
        abstract: "Explore funnel latency per stage (p50/p99), in-process and over HTTP, and throughput.")

    @Option(help: "Users in the world.") var users: Int = 100_000
    @Option(help: "Posts per user (100 K × 10 = 1 M posts).") var postsPerUser: Double = 10
    @Option(help: "Data folder holding the world, model and index (reused when present).")
    var data: String = "bench-out/explore-world"
    @Option(help: "Timed requests per phase.") var requests: Int = 1_000
    @Option(help: "Concurrent clients in the throughput phases.") var concurrency: Int = 4
    @Option(help: "Two-tower epochs when the model is first trained.") var epochs: Int = 1
    @Option(help: "Newest engagements the two-tower model learns from.") var maxEvents: Int = 300_000
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Flag(help: "Serve without the impression log (logs/explore), to measure what logging costs.") var noExploreLog = false

    func run() async throws {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: data, relaxedLimits: true)
        config.passwordCostLog2 = 10
        let store = try SQLiteStore(directory: data, synchronousFull: false)
        if try await store.userCount() == 0 {
            try await generate(into: store)
        } else if try ExploreModelFiles.loadRankers(data: data) == nil {
            // The rankers are saved last, after the whole world is loaded: without them the load was cut short.
            throw ValidationError("\(data) holds a partly loaded world (no Explore rankers in it); delete the folder and run again")
        }
        if try ExploreModelFiles.loadTwoTower(data: data) == nil {
            announce("Training the two-tower model (\(epochs) epochs) …")
            let started = ContinuousClock.now
            let r = try await RetrainCommand.train(store: store, data: data, maxEvents: maxEvents, epochs: epochs, progress: true)
            announce(String(format: "  %d examples in %.1f s (%.0f examples/s); with reading and saving: %@", r.examples, r.seconds,
                            r.examplesPerSecond, Self.seconds(ContinuousClock.now - started)))
        }
        var logger = Logger(label: "mosaic-bench")
        logger.logLevel = .info
        let opened = ContinuousClock.now
        config.exploreLog = !noExploreLog
        let runtime = try await MosaicRuntime.open(config: config, logger: logger)
        announce("runtime open (catalog \(runtime.services.catalog.count) posts, index \(runtime.retrieval?.index.count ?? 0) vectors) in \(Self.seconds(ContinuousClock.now - opened))")
        guard let funnel = runtime.services.explore as? ExploreFunnel else { throw ValidationError("no funnel") }

        // Viewers: accounts with recent engagement, so the user tower has history to work with.
        let recent = try await store.engagementLog(since: .distantPast, limit: 400_000).suffix(200_000)
        var seen = Set<UserID>(), viewers: [UserID] = []
        for e in recent.reversed() where seen.insert(e.user).inserted { viewers.append(e.user) }
        viewers = Array(viewers.prefix(max(requests, 1)))
        guard !viewers.isEmpty else { throw ValidationError("the world has no engagement") }
        announce("\(viewers.count) viewers with engagement history")

        // Warm-up (pools, caches), then timed sequential runs with per-stage timings.
        for v in viewers.prefix(50) { _ = try await funnel.page(viewer: v, cursor: nil, limit: 24) }
        funnel.stageTimings.isRecording = true
        var paths: [String: Int] = [:]
        for i in 0..<requests {
            let r = try await funnel.page(viewer: viewers[i % viewers.count], cursor: nil, limit: 24)
            paths[r.servedBy, default: 0] += 1
        }
        funnel.stageTimings.isRecording = false
        let runs = funnel.stageTimings.drain()
        print("\n## In-process, sequential (\(runs.count) requests; served_by \(paths.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))\n")
        print("| stage | p50 ms | p99 ms | mean ms |")
        print("|---|---:|---:|---:|")
        for (i, name) in StageTimings.stageNames.enumerated() {
            let ms = runs.map { Self.ms($0.values[i]) }
            print(String(format: "| %@ | %.2f | %.2f | %.2f |", name, Self.percentile(ms, 0.5), Self.percentile(ms, 0.99),
                         ms.reduce(0, +) / Double(max(ms.count, 1))))
        }

        // In-process throughput with concurrent callers.
        let viewerList = viewers
        let inProcess = try await Self.throughput(concurrency: concurrency, requests: requests) { i in
            _ = try await funnel.page(viewer: viewerList[i % viewerList.count], cursor: nil, limit: 24)
        }
        print(String(format: "\nin-process, %d concurrent: %.0f requests/s, p50 %.2f ms, p99 %.2f ms",
                     concurrency, inProcess.rate, inProcess.p50, inProcess.p99))

        // Freshness: a new post's item vector and HNSW insert (what runs before its 201), timed per post.
        if let retrieval = runtime.retrieval {
            let sample = try await store.recentPosts(since: .distantPast, limit: 500)
            var insert: [Double] = []
            let ids = IDGenerator()
            for p in sample {
                var fresh = p
                fresh.id = ids.next(shard: p.id.shard)
                let t = ContinuousClock.now
                retrieval.add(fresh, authorFollowers: 100, descriptor: [])
                insert.append(Self.ms(ContinuousClock.now - t))
            }
            print(String(format: "new-post indexing (item tower + HNSW insert into %d vectors): p50 %.3f ms, p99 %.3f ms",
                         retrieval.index.count, Self.percentile(insert, 0.5), Self.percentile(insert, 0.99)))
        }

        // Over HTTP on loopback: the same endpoint a client calls, with a token per viewer.
        let names = try await store.users(ids: Array(viewers.prefix(200)))
        var tokens: [String] = []
        for v in viewers.prefix(200) { if let u = names[v] { tokens.append(try await runtime.services.sessionToken(username: u.username)) } }
        let (stream, cont) = AsyncStream<Int>.makeStream()
        let server = Task { try await runtime.serve { port in cont.yield(port); cont.finish() } }
        var port = 0
        for await p in stream { port = p }
        let url = URL(string: "http://127.0.0.1:\(port)/api/v1/explore?limit=24")!
        let session = URLSession(configuration: .ephemeral)
        let tokenList = tokens
        @Sendable func call(_ i: Int) async throws {
            var request = URLRequest(url: url)
            request.setValue("Bearer \(tokenList[i % tokenList.count])", forHTTPHeaderField: "Authorization")
            let (_, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw ValidationError("HTTP \(String(describing: response))") }
        }
        for i in 0..<20 { try await call(i) }
        let sequential = try await Self.throughput(concurrency: 1, requests: requests, call)
        let concurrent = try await Self.throughput(concurrency: concurrency, requests: requests, call)
        server.cancel()
        print(String(format: "HTTP, sequential: p50 %.2f ms, p99 %.2f ms (%.0f requests/s)", sequential.p50, sequential.p99, sequential.rate))
        print(String(format: "HTTP, %d concurrent: %.0f requests/s, p50 %.2f ms, p99 %.2f ms",
                     concurrency, concurrent.rate, concurrent.p50, concurrent.p99))
    }

    @discardableResult
    func generate(into store: SQLiteStore) async throws -> World {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let bar = ProgressBar("Generating world ")
        var started = ContinuousClock.now
        let world = WorldGenerator(config: Self.worldConfig(users: users, postsPerUser: postsPerUser, seed: seed,
                                                            endUnixMillis: now - now % 3_600_000))
            .generate { bar.update($0.overall, detail: $0.stage.rawValue) }
        bar.finish("\(world.users.count) users, \(world.posts.count) posts, \(world.engagement.count) events")
        announce("  generated in \(Self.seconds(ContinuousClock.now - started))")
        let hash = try await PasswordHasher(costLog2: 10).hash("mosaic-bench")
        let images = ProceduralMedia(world: world)
        let loader = WorldLoader(store: store, world: world, passwordHash: hash, media: { i, id, owner, at in
            images.record(post: i, id: id, owner: owner, at: at, placeholder: false)
        })
        let load = ProgressBar("Loading          ")
        started = ContinuousClock.now
        let phases = try await loader.load { load.update($0, detail: $1) }
        load.finish()
        announce("  loaded in \(Self.seconds(ContinuousClock.now - started)): "
                 + phases.map { "\($0.phase) \(Self.seconds($0.duration))" }.joined(separator: ", "))
        announce("Training Explore's rankers on the community's Explore impressions …")
        announce("  " + (try WorldImpressions.trainRankers(world, data: data)))
        return world
    }

    /// The world `generate` builds, ending at `endUnixMillis` (the same arguments give the same world).
    static func worldConfig(users: Int, postsPerUser: Double, seed: UInt64, endUnixMillis: Int64) -> WorldConfig {
        var config = WorldConfig.scaled(users: users, seed: seed)
        config.postsPerUser = postsPerUser
        config.endUnixMillis = endUnixMillis
        return config
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// A phase's duration for the log, e.g. "412.3 s".
    static func seconds(_ d: Duration) -> String { String(format: "%.1f s", ms(d) / 1000) }

    static func percentile(_ xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
    }

    /// `requests` calls spread over `concurrency` tasks: requests per second and per-call latency percentiles.
    static func throughput(concurrency: Int, requests: Int,
                           _ call: @escaping @Sendable (Int) async throws -> Void) async throws -> (rate: Double, p50: Double, p99: Double) {
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for w in 0..<concurrency {
                group.addTask {
                    var out: [Double] = []
                    for i in stride(from: w, to: requests, by: concurrency) {
                        let t = ContinuousClock.now
                        try await call(i)
                        out.append(ms(ContinuousClock.now - t))
                    }
                    return out
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let seconds = ms(ContinuousClock.now - started) / 1000
        return (Double(requests) / max(seconds, 1e-9), percentile(latencies, 0.5), percentile(latencies, 0.99))
    }
}
