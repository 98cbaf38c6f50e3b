import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import MosaicCore
import MosaicStore
import NIOCore
import Prometheus
import Synchronization

/// Builds the HTTP application over a set of services.
public enum MosaicServer {
    /// Prometheus collects every swift-metrics metric; bootstrapped once per process.
    public static let metrics: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The router with every route, and the table of what was registered (for the OpenAPI test).
    static func router(services: Services, extraRoutes: [@Sendable (RouteTable) -> Void] = []) -> (Router<APIContext>, RouteTable) {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestMiddleware())
        router.add(middleware: WebAppMiddleware())
        let table = RouteTable(router: router)
        services.addSystemRoutes(table, metrics: metrics)
        services.addAccountRoutes(table)
        services.addGraphRoutes(table)
        services.addPostRoutes(table)
        services.addFeedRoutes(table)
        services.addExploreRoutes(table)
        services.addEventRoutes(table)
        services.addMediaRoutes(table)
        services.addStoryRoutes(table)
        services.addDirectRoutes(table)
        services.addNotificationRoutes(table)
        services.addSearchRoutes(table)
        services.addRealtimeRoutes(table)
        for add in extraRoutes { add(table) }
        return (router, table)
    }

    public static func routePaths(services: Services) -> Set<String> {
        router(services: services).1.openAPIPaths
    }

    /// An application listening on `config.host:config.port` (port 0 picks a free port; `onRunning` learns it).
    static func application(services: Services, extraRoutes: [@Sendable (RouteTable) -> Void] = [],
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        _ = metrics
        let (router, _) = router(services: services, extraRoutes: extraRoutes)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: services.realtimeRouter()),
            configuration: .init(address: .hostname(services.config.host, port: services.config.port), serverName: "Mosaic"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: services.logger)
    }
}
