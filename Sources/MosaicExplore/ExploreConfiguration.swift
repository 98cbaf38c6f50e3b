import Foundation
import Synchronization

public struct ExploreConfiguration: Sendable {
    public var annCandidates = 2_000
    public var poolCandidates = 300
    public var lightKeep = 500
    public var heavyKeep = 200
    public var mmrLambda: Float = 0.7
    public var maxCategoryShare = 0.3
    public var explorationShare = 0.1
    public var trendingPerPage = 2
    public var pageSize = 24
    /// Per-stage deadlines: retrieval, light ranking, heavy ranking.
    public var retrievalDeadline: Duration = .milliseconds(60)
    public var lightDeadline: Duration = .milliseconds(20)
    public var heavyDeadline: Duration = .milliseconds(40)
    public var snapshotLifetime: Duration = .seconds(1800)
    /// Ranked items logged per request (the first pages, where nearly every impression is); impressions
    /// further down are not joined to a ranked item.
    public var loggedItems = 48
    /// Share of requests whose ranker features are logged with their items (training rows); the rest log
    /// sources and stage scores only. At 1.0 a request logs ~12 KB; at the default ~3 KB.
    public var featureLogRate = 0.2
    public init() {}
}

/// Switches that make a stage fail or stall, for tests and game days. Production leaves them off.
public final class ExploreFaults: Sendable {
    private let state = Mutex<(annFails: Bool, userVectorFails: Bool, heavyDelay: Duration?, heavyFails: Bool)>((false, false, nil, false))
    public init() {}
    public var annFails: Bool { get { state.withLock { $0.annFails } } set { state.withLock { $0.annFails = newValue } } }
    public var userVectorFails: Bool { get { state.withLock { $0.userVectorFails } } set { state.withLock { $0.userVectorFails = newValue } } }
    public var heavyFails: Bool { get { state.withLock { $0.heavyFails } } set { state.withLock { $0.heavyFails = newValue } } }
    public var heavyDelay: Duration? { get { state.withLock { $0.heavyDelay } } set { state.withLock { $0.heavyDelay = newValue } } }
}

struct InjectedFault: Error {}
