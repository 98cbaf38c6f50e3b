import Foundation
import Hummingbird
import Logging
import MosaicCore
import MosaicFeed
import MosaicRealtime
import MosaicStore

/// A running Mosaic: the embedded store opened from the data folder, the services over it, and the
/// background work (media sweeps, fan-out workers, …) that runs beside the HTTP server.
public final class MosaicRuntime: Sendable {
    public let services: Services
    public let store: SQLiteStore

    init(services: Services, store: SQLiteStore) { self.services = services; self.store = store }

    public static func open(config: ServerConfiguration, logger: Logger, clock: any MosaicClock = SystemClock(),
                            mediaFallback: MediaFallback? = nil) async throws -> MosaicRuntime {
        let store = try SQLiteStore(directory: config.dataDirectory)
        let events = try EventLog(directory: (config.dataDirectory as NSString).appendingPathComponent("events"), clock: clock)
        let feed = Services.makeFeedEngine(store: store, config: config, clock: clock, logger: logger)
        let services = Services(store: store, config: config, clock: clock, logger: logger, feed: feed, events: EventLogSink(log: events),
                                mediaFallback: mediaFallback)
        services.push.install(try PushHub(directory: (config.dataDirectory as NSString).appendingPathComponent("push"),
                                          clock: clock, logger: logger))
        try await services.warmUp()
        services.installFeedObserver()
        try await feed.warmUp()
        if let model = try FeedModelFiles.loadCurrent(directory: FeedModelFiles.directory(data: config.dataDirectory)) {
            feed.install(scorer: ModelFeedScorer(model: model, store: store))
        }
        return MosaicRuntime(services: services, store: store)
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM).
    public func serve(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = MosaicServer.application(services: services, onRunning: onRunning)
        let services = self.services
        // Home-feed fan-out: resumes jobs a crash left behind, then follows new posts.
        let fanOut = Task { await services.feedEngine?.runWorker() }
        defer { fanOut.cancel() }
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
