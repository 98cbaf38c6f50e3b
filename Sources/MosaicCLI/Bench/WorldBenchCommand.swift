import ArgumentParser
import MosaicWorld

/// `mosaic bench world`: generation time per stage, image render time and the shape of the generated world.
struct WorldBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "world",
        abstract: "Generate a synthetic world and report stage timings, render speed and degree/engagement statistics.")

    @Option(help: "Users in the world.") var users: Int = 100_000
    @Option(help: "Mean accounts followed per user (100 K users × 100 = 10 M edges).") var following: Double = 100
    @Option(help: "Mean impressions per user (0 skips the engagement simulation).") var impressions: Double = 40
    @Option(help: "Posts per user.") var posts: Double = 3
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Option(help: "Images rendered per size for the render timing.") var renders: Int = 24

    func run() async throws {
        var config = WorldConfig(seed: seed, userCount: users)
        config.meanFollowing = following
        config.impressionsPerUser = impressions
        config.postsPerUser = posts
        let bar = ProgressBar("Generating world ")
        let report = WorldBenchmark(config: config, renders: renders).run { bar.update($0.overall, detail: $0.stage.rawValue) }
        bar.finish()
        print(report.table)
    }
}
