import Foundation
import Hummingbird
import Logging
import MosaicCore
import MosaicExplore
import MosaicFeed
import MosaicRealtime
import MosaicStore

/// A running Mosaic: the embedded store opened from the data folder, the services over it, and the
/// background work (media sweeps, fan-out workers, …) that runs beside the HTTP server.
public final class MosaicRuntime: Sendable {
    public let services: Services
    public let store: SQLiteStore
    /// Feeds the trend detector from the event log (exactly once across restarts).
    let trendConsumer: EventConsumer
    /// Explore's learned retrieval, when a two-tower model has been trained into the data folder.
    public let retrieval: TwoTowerRetrieval?

    init(services: Services, store: SQLiteStore, trendConsumer: EventConsumer, retrieval: TwoTowerRetrieval?) {
        self.services = services; self.store = store; self.trendConsumer = trendConsumer; self.retrieval = retrieval
    }

    public static func open(config: ServerConfiguration, logger: Logger, clock: any MosaicClock = SystemClock(),
                            mediaFallback: MediaFallback? = nil) async throws -> MosaicRuntime {
        let store = try SQLiteStore(directory: config.dataDirectory)
        let events = try EventLog(directory: (config.dataDirectory as NSString).appendingPathComponent("events"), clock: clock)
        let feed = Services.makeFeedEngine(store: store, config: config, clock: clock, logger: logger)
        // Explore: the catalog, the trend detector fed by the event log, and the two-tower retrieval if trained.
        let catalog = PostCatalog()
        let trends = TrendDetector(clock: clock)
        let trendConsumer = try await EventConsumer(name: "trends", log: events, projection: trends, logger: logger)
        let retrieval = try ExploreModelFiles.loadTwoTower(data: config.dataDirectory).map {
            TwoTowerRetrieval(model: $0, store: store, index: TwoTowerRetrieval.loadSnapshot(data: config.dataDirectory, model: $0))
        }
        let rankers = try ExploreModelFiles.loadRankers(data: config.dataDirectory)
        let explore = ExploreFunnel(store: store, catalog: catalog, clock: clock, retrieval: retrieval, userVectors: retrieval,
                                    trending: trends, graph: StoreGraphSignals(store: store),
                                    light: rankers?.light ?? HeuristicScorer(), heavy: rankers?.heavy)
        let services = Services(store: store, config: config, clock: clock, logger: logger, feed: feed, catalog: catalog,
                                explore: explore, events: EventLogSink(log: events), mediaFallback: mediaFallback)
        services.push.install(try PushHub(directory: (config.dataDirectory as NSString).appendingPathComponent("push"),
                                          clock: clock, logger: logger))
        try await services.warmUp()
        if let retrieval {
            let started = ContinuousClock.now, before = retrieval.index.count
            let n = try await services.index(into: retrieval)
            if retrieval.index.count > before { try retrieval.saveSnapshot(data: config.dataDirectory) }
            logger.info("explore: \(n) posts in the retrieval index (\(retrieval.index.count - before) new) in \(ContinuousClock.now - started), model \(retrieval.model.version)")
        }
        services.installFeedObserver()
        try await feed.warmUp()
        if let model = try FeedModelFiles.loadCurrent(directory: FeedModelFiles.directory(data: config.dataDirectory)) {
            feed.install(scorer: ModelFeedScorer(model: model, store: store))
        }
        return MosaicRuntime(services: services, store: store, trendConsumer: trendConsumer, retrieval: retrieval)
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM).
    public func serve(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = MosaicServer.application(services: services, onRunning: onRunning)
        let services = self.services
        // Home-feed fan-out: resumes jobs a crash left behind, then follows new posts.
        let fanOut = Task { await services.feedEngine?.runWorker() }
        defer { fanOut.cancel() }
        // Trend detection follows the engagement stream.
        let trends = Task { [trendConsumer, logger = services.logger] in
            do { try await trendConsumer.run() } catch { logger.error("trend consumer stopped: \(error)") }
        }
        defer { trends.cancel() }
        // Background upkeep: expired uploads are swept every ten minutes.
        let sweeper = Task {
            while !Task.isCancelled {
                _ = try? await services.sweepExpiredStories()
                _ = try? await services.sweepExpiredMedia()
                try? await Task.sleep(for: .seconds(600))
            }
        }
        // WebSocket heartbeats: pings quiet connections, closes dead ones.
        let heartbeat = Task {
            while !Task.isCancelled, let hub = services.push.hub {
                _ = await hub.heartbeat()
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { sweeper.cancel(); heartbeat.cancel() }
        try await app.runService()
    }
}
