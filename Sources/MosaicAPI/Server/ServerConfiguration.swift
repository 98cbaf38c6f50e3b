import Foundation
import MosaicExplore
import MosaicFeed

public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Everything durable lives here: the SQLite file, media files, logs, models, indexes.
    public var dataDirectory: String = "./mosaic-data"
    /// `MOSAIC_LIMITS=relaxed`: abuse limits ×1000 for tests and load tests on loopback.
    public var relaxedLimits: Bool = false
    public var passwordCostLog2: Int = 15
    public var sessionLifetime: TimeInterval = 30 * 86_400
    /// Posts a user may create in 24 hours (a product quota: holds even with relaxed limits).
    public var postsPerDay: Int = 25
    /// The public origin used in permalinks and media URLs (empty: relative URLs).
    public var publicBaseURL: String = ""
    /// The home feed: celebrity threshold, inactivity window, timeline cap, fan-out batch (env overrides).
    public var feed: FeedConfiguration = .fromEnvironment()
    /// Explore experiments: user buckets → multi-task ranker versions (`models/rankers/`), and a shadow version.
    public var exploreExperiments = ExperimentPlan()
    /// Log Explore's ranked lists and served pages to `logs/explore/` for impression labelling and retraining.
    public var exploreLog = true

    public init(host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./mosaic-data",
                relaxedLimits: Bool = ProcessInfo.processInfo.environment["MOSAIC_LIMITS"] == "relaxed",
                passwordCostLog2: Int = 15) {
        self.host = host; self.port = port; self.dataDirectory = dataDirectory
        self.relaxedLimits = relaxedLimits; self.passwordCostLog2 = passwordCostLog2
    }

    public var mediaDirectory: String { (dataDirectory as NSString).appendingPathComponent("media") }
}
