import ArgumentParser
import Foundation
import Logging
import MosaicAPI
import MosaicCore
import MosaicExplore
import MosaicFeed
import MosaicStore
import MosaicWorld

/// `mosaic demo`: generates a community (deterministic by `--seed`), loads it into a data folder, and serves
/// it, printing the URL and a ready log-in. Run it again and it serves the same folder without regenerating.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "Generate a demo community and serve it (web app at the printed URL).")

    @OptionGroup var options: ServerOptions
    @Option(help: "Users in the generated world (celebrities reach ~85 % of them).")
    var users: Int = 20_000
    @Option(help: "Seed of the world generator.")
    var seed: UInt64 = 42
    @Flag(help: "Delete the data folder first and generate again.")
    var fresh = false
    @Flag(help: "Load the world and exit without serving.")
    var loadOnly = false

    static let password = "mosaic-demo"

    func run() async throws {
        var config = options.configuration()
        if options.data == "./mosaic-data" { config.dataDirectory = "./mosaic-data-demo" }
        if fresh { try? FileManager.default.removeItem(atPath: config.dataDirectory) }
        let store = try SQLiteStore(directory: config.dataDirectory, synchronousFull: false)
        if try await store.userCount() == 0 {
            try await generate(into: store, config: config)
        } else {
            announce("Using the existing demo community in \(config.dataDirectory) (--fresh to regenerate).")
        }
        if try ExploreModelFiles.loadTwoTower(data: config.dataDirectory) == nil {
            announce("Training Explore's two-tower retrieval model on the community's engagement …")
            let r = try await RetrainCommand.train(store: store, data: config.dataDirectory, maxEvents: 250_000,
                                                   epochs: 3, progress: true)
            announce(String(format: "  %d examples in %.1f s (%.0f examples/s)", r.examples, r.seconds, r.examplesPerSecond))
        }
        // The home feed's ranker, on a world of the same shape (also replaces one trained on other features).
        if try FeedModelFiles.loadCurrent(directory: FeedModelFiles.directory(data: config.dataDirectory)) == nil {
            announce("Training the home feed's ranker …")
            try FeedWorldTraining.parse(["--world-users", "\(users)", "--world-seed", "\(seed)"])
                .run(modelsDirectory: (config.dataDirectory as NSString).appendingPathComponent("models"), quiet: true)
        }
        let stories = try await DemoStories.refresh(in: store)
        if stories > 0 { announce("Posted \(stories) fresh stories from accounts the demo visitor follows.") }
        if loadOnly { return }
        let runtime = try await MosaicRuntime.open(config: config, logger: options.logger(), mediaFallback: ProceduralMedia.fallback(store: store, seed: seed))
        let token = try await runtime.services.sessionToken(username: "demo")
        let host = config.host
        try await runtime.serve { port in
            let url = "http://\(host):\(port)"
            announce("""

            Mosaic demo is serving on \(url)/
              Open it in a browser and log in as  demo / \(Self.password)
              (every generated account uses the same password)
              API token for demo: \(token)
              curl -H 'Authorization: Bearer \(token)' \(url)/api/v1/feed
            """)
        }
    }

    func generate(into store: SQLiteStore, config: ServerConfiguration) async throws {
        var worldConfig = WorldConfig.scaled(users: users, seed: seed)
        // The world ends now, so its last posts are fresh for the feed and Explore.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        worldConfig.endUnixMillis = now - now % 3_600_000
        let bar = ProgressBar("Generating world ")
        let world = WorldGenerator(config: worldConfig).generate { bar.update($0.overall, detail: $0.stage.rawValue) }
        bar.finish("\(world.users.count) users, \(world.posts.count) posts, \(world.engagement.count) events")

        let hash = try await PasswordHasher(costLog2: 12).hash(Self.password)
        let images = ProceduralMedia(world: world)
        let loader = WorldLoader(store: store, world: world, passwordHash: hash, media: { i, id, owner, at in
            images.record(post: i, id: id, owner: owner, at: at)
        })
        let load = ProgressBar("Loading          ")
        try await loader.load { load.update($0, detail: $1) }
        load.finish()
        announce("Training Explore's rankers on the community's Explore impressions …")
        announce("  " + (try WorldImpressions.trainRankers(world, data: config.dataDirectory)))
        try await DemoAccount.create(in: store, world: world, passwordHash: hash)
    }
}
