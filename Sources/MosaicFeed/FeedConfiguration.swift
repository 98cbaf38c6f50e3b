import Foundation

/// The home feed's knobs. Defaults follow the issue: push below 10,000 followers, skip readers idle for a
/// week (as Mastodon does), 800 entries per timeline.
public struct FeedConfiguration: Sendable {
    /// Authors with at least this many followers are not fanned out; their posts are merged at read time.
    public var celebrityThreshold: Int = 10_000
    /// Followers with no activity for this long get no push; their timeline is rebuilt when they return.
    public var inactivityWindow: TimeInterval = 7 * 86_400
    /// Readers following more accounts than this get no push at all and read purely by merge (see `FeedEngine`).
    public var maxPushFollowing: Int = 2_000
    public var timelineCapacity: Int = 800
    /// Followers written per fan-out transaction: the unit of progress a crash can lose (and then replays).
    public var fanOutBatchSize: Int = 1_000
    /// Pause between batches (0 in production; a test uses it to crash a fan-out half way).
    public var fanOutBatchPause: Duration = .zero
    /// How many of the newest candidates the ranked feed scores before falling back to time order.
    public var rankingWindow: Int = 300
    public var weights = EngagementWeights()

    public init(celebrityThreshold: Int = 10_000, inactivityWindow: TimeInterval = 7 * 86_400,
                timelineCapacity: Int = 800) {
        self.celebrityThreshold = celebrityThreshold; self.inactivityWindow = inactivityWindow
        self.timelineCapacity = timelineCapacity
    }
}

/// The feed score is a weighted sum of predicted engagement probabilities.
public struct EngagementWeights: Sendable, Equatable {
    public var like: Float = 1
    public var comment: Float = 2
    public var save: Float = 3
    public var share: Float = 3
    public var dwell: Float = 1
    public var hide: Float = -10
    public init() {}
}

extension FeedConfiguration {
    /// Defaults overridden by `MOSAIC_FEED_CELEBRITY_THRESHOLD`, `MOSAIC_FEED_INACTIVE_DAYS`,
    /// `MOSAIC_FEED_TIMELINE_CAP`, `MOSAIC_FANOUT_BATCH` and `MOSAIC_FANOUT_PAUSE_MS` (the last two let a
    /// test slow a fan-out down enough to kill the process in the middle of one).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> FeedConfiguration {
        var c = FeedConfiguration()
        if let v = env["MOSAIC_FEED_CELEBRITY_THRESHOLD"].flatMap(Int.init), v > 0 { c.celebrityThreshold = v }
        if let v = env["MOSAIC_FEED_INACTIVE_DAYS"].flatMap(Double.init), v > 0 { c.inactivityWindow = v * 86_400 }
        if let v = env["MOSAIC_FEED_TIMELINE_CAP"].flatMap(Int.init), v > 0 { c.timelineCapacity = v }
        if let v = env["MOSAIC_FANOUT_BATCH"].flatMap(Int.init), v > 0 { c.fanOutBatchSize = v }
        if let v = env["MOSAIC_FANOUT_PAUSE_MS"].flatMap(Int.init), v > 0 { c.fanOutBatchPause = .milliseconds(v) }
        return c
    }
}
