import ArgumentParser
import Foundation
import MosaicFeed
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
