import Foundation
import Hummingbird
import Logging
import MosaicCore
import MosaicStore

/// A running Mosaic: the embedded store opened from the data folder, the services over it, and the
/// background work (media sweeps, fan-out workers, …) that runs beside the HTTP server.
public final class MosaicRuntime: Sendable {
    public let services: Services
    public let store: SQLiteStore

    init(services: Services, store: SQLiteStore) { self.services = services; self.store = store }

    public static func open(config: ServerConfiguration, logger: Logger, clock: any MosaicClock = SystemClock()) async throws -> MosaicRuntime {
        let store = try SQLiteStore(directory: config.dataDirectory)
        let services = Services(store: store, config: config, clock: clock, logger: logger)
        try await services.warmUp()
        return MosaicRuntime(services: services, store: store)
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM).
    public func serve(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = MosaicServer.application(services: services, onRunning: onRunning)
        try await app.runService()
    }
}
