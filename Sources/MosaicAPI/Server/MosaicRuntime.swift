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
    /// Feed the category baselines and the trial audiences from the same log.
    let counterConsumer: EventConsumer
    let trialConsumer: EventConsumer
    /// Counts impressions and hides into the posts and Explore's catalog (`CatalogEventCounters`).
    let catalogConsumer: EventConsumer
    /// Explore's learned retrieval, when a two-tower model has been trained into the data folder.
    public let retrieval: TwoTowerRetrieval?
    /// Trial audiences for new posts (reserved Explore slots, expanded or stopped on their engagement rate).
    public let trials: ExploreTrials
    public let counters: EngagementCounters
    /// Explore's ranked lists and served pages, flushed every second by `serve`.
    public let exploreLog: ExploreLogFile?

    init(services: Services, store: SQLiteStore,
         consumers: (trends: EventConsumer, counters: EventConsumer, trials: EventConsumer, catalog: EventConsumer),
         retrieval: TwoTowerRetrieval?, trials: ExploreTrials, counters: EngagementCounters, exploreLog: ExploreLogFile?) {
        self.services = services; self.store = store; self.retrieval = retrieval
        trendConsumer = consumers.trends; counterConsumer = consumers.counters; trialConsumer = consumers.trials
        catalogConsumer = consumers.catalog
        self.trials = trials; self.counters = counters; self.exploreLog = exploreLog
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
        // The index keeps each post's policy facts beside its vector, so the ANN filter needs no catalogue lookup.
        retrieval?.mirror(catalog)
        let rankers = try ExploreModelFiles.loadRankers(data: config.dataDirectory)
        // Trial audiences, judged against their category's likes-and-sends per view from the same log.
        let counters = EngagementCounters()
        let counterConsumer = try await EventConsumer(name: "counters", log: events, projection: counters, logger: logger)
        let trials = ExploreTrials(catalog: catalog, store: store, retrieval: retrieval, clock: clock, logger: logger,
                                   baselineRate: { counters.engagementRate(category: $0) })
        let trialConsumer = try await EventConsumer(name: "trials", log: events, projection: trials.registry, logger: logger)
        // Impressions and hides: the catalog is loaded with the store's counts below, which include the log up to
        // this consumer's offset; it resumes after that.
        let catalogConsumer = try await EventConsumer(name: CatalogEventCounters.consumerName, log: events,
                                                      projection: CatalogEventCounters(store: store, catalog: catalog), logger: logger)
        // Ranker versions for experiment arms and shadow scoring; an arm naming a version that is not there is
        // served the default, and says so once at start.
        let versions = try ExploreModelFiles.loadRankerVersions(data: config.dataDirectory)
        let plan = config.exploreExperiments
        for name in plan.arms.map(\.rankerVersion) + [plan.shadowVersion].compactMap({ $0 }) where !versions.contains(where: { $0.version == name }) {
            logger.warning("explore: ranker version \(name) is not in \(ExploreModelFiles.rankerVersions(data: config.dataDirectory)); its arm gets the default")
        }
        let exploreLog = config.exploreLog ? ExploreLogFile(data: config.dataDirectory) : nil
        let explore = ExploreFunnel(store: store, catalog: catalog, clock: clock, retrieval: retrieval, userVectors: retrieval,
                                    trending: trends, graph: StoreGraphSignals(store: store),
                                    light: rankers?.light ?? HeuristicScorer(), heavy: rankers?.heavy, trials: trials,
                                    rankers: versions, experiments: plan, log: exploreLog)
        let services = Services(store: store, config: config, clock: clock, logger: logger, feed: feed, catalog: catalog,
                                explore: explore, events: EventLogSink(log: events), mediaFallback: mediaFallback)
        services.push.install(try PushHub(directory: (config.dataDirectory as NSString).appendingPathComponent("push"),
                                          clock: clock, logger: logger))
        // The catalog and the retrieval index (only the posts a saved index lacks) in one read of the posts.
        let warming = ContinuousClock.now, before = retrieval?.index.count ?? 0
        let indexed = try await services.warmUp(indexingInto: retrieval)
        logger.info("explore: catalog of \(catalog.count) posts\(retrieval == nil ? "" : " and their item vectors") loaded in \(ContinuousClock.now - warming)")
        if let retrieval {
            if retrieval.index.count > before { try retrieval.saveSnapshot(data: config.dataDirectory) }
            logger.info("explore: \(indexed) posts in the retrieval index (\(retrieval.index.count - before) new), model \(retrieval.model.version)")
        }
        // After the index observer: a new post's trial cohort is picked around its item vector.
        services.installTrialAudiences(trials, durableIn: trialConsumer)
        services.installFeedObserver()
        try await feed.warmUp()
        if let model = try FeedModelFiles.loadCurrent(directory: FeedModelFiles.directory(data: config.dataDirectory)) {
            feed.install(scorer: ModelFeedScorer(model: model, store: store, cache: feed.rankingSignals))
        }
        return MosaicRuntime(services: services, store: store, consumers: (trendConsumer, counterConsumer, trialConsumer, catalogConsumer),
                             retrieval: retrieval, trials: trials, counters: counters, exploreLog: exploreLog)
    }

    /// The event consumer that counts impressions and hides into the posts (its offset is kept in the store).
    public static let catalogCountersConsumer = CatalogEventCounters.consumerName

    /// Applies every appended event to trends, counters, trials and the catalog's counts, then decides the trial rounds that are
    /// ready: what the background tasks of `serve` do continuously, in one step (simulations, tests).
    @discardableResult
    public func catchUpRealtime() async throws -> [TrialDecision] {
        for c in [trendConsumer, counterConsumer, trialConsumer, catalogConsumer] { try await c.catchUp() }
        return await trials.advance()
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM). `background: false` serves HTTP only, for
    /// simulations that drive the event consumers and trial rounds themselves (`catchUpRealtime`).
    public func serve(background: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = MosaicServer.application(services: services, onRunning: onRunning)
        guard background else { return try await app.runService() }
        let services = self.services
        // Home-feed fan-out: resumes jobs a crash left behind, then follows new posts.
        let fanOut = Task { await services.feedEngine?.runWorker() }
        defer { fanOut.cancel() }
        // Trend detection follows the engagement stream.
        let consumers = [trendConsumer, counterConsumer, trialConsumer, catalogConsumer].map { consumer in
            Task { [logger = services.logger] in
                do { try await consumer.run() } catch { logger.error("\(consumer.name) consumer stopped: \(error)") }
            }
        }
        defer { for c in consumers { c.cancel() } }
        // Trial rounds are decided every few seconds; Explore's viewers enrol as they open it, and the
        // recently active ones are enrolled up front so the first cohorts are not limited to early visitors.
        let trialRounds = Task { [trials, retrieval, store, clock = services.clock] in
            if let retrieval, let recent = try? await store.engagementLog(since: clock.now().addingTimeInterval(-7 * 86_400), limit: 50_000) {
                var seen = Set<UserID>(), users: [UserID] = []
                for e in recent.reversed() where users.count < 5_000 && seen.insert(e.user).inserted { users.append(e.user) }
                await trials.enrol(users, vectors: retrieval, now: clock.now())
            }
            while !Task.isCancelled {
                await trials.advance()
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { trialRounds.cancel() }
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
        // Explore's impression log reaches its file within a second of being served, and on shutdown.
        let logFlusher = Task { [exploreLog] in
            while !Task.isCancelled, let exploreLog {
                try? await Task.sleep(for: .seconds(1))
                await exploreLog.flush()
            }
        }
        defer { logFlusher.cancel() }
        defer { sweeper.cancel(); heartbeat.cancel() }
        try await app.runService()
        await exploreLog?.flush()
    }
}

/// Starts a trial audience for each new post, after the catalog and the retrieval index have it, and stores the
/// trials' state before the post's 201: a trial exists outside the event log, so it must not wait for the
/// consumer's next commit to survive a crash.
struct TrialAudienceObserver: SocialObserver {
    let trials: ExploreTrials
    let consumer: EventConsumer?
    let logger: Logger
    func didCreatePost(_ post: Post, author: User) async throws {
        guard await trials.postCreated(post.id) != nil, let consumer else { return }
        do { try await consumer.commitNow() } catch {
            logger.error("trial audience of post \(post.id) not stored: \(error)")
        }
    }
}

extension Services {
    /// Wires trial audiences into post creation (observers run in registration order: install after the index).
    public func installTrialAudiences(_ trials: ExploreTrials, durableIn consumer: EventConsumer? = nil) {
        hooks.add(TrialAudienceObserver(trials: trials, consumer: consumer, logger: logger))
    }
}
