import Foundation
import Logging
import MosaicCore
import MosaicExplore
import MosaicFeed
import MosaicMedia
import MosaicStore

/// Everything a request handler needs, built once at start-up. Storage is reached only through the
/// per-aggregate protocols, so a PostgreSQL-backed set of stores drops in without touching handlers.
public final class Services: Sendable {
    public typealias Store = AccountStore & GraphStore & PostStore & EngagementStore & DirectStore & NotificationStore & StoryStore & SearchStore
        & ExploreViewerStore

    public let store: any Store
    public let ids: IDGenerator
    public let clock: any MosaicClock
    public let passwords: PasswordHasher
    public let limits: RateLimiter
    public let config: ServerConfiguration
    public let logger: Logger
    /// The home feed engine (pull-only until the feed subsystem installs fan-out timelines).
    public let feed: any HomeFeed
    /// The Explore engine: the four-stage funnel over the in-process post catalog.
    public let explore: any ExploreService
    /// Recent posts with their counters, kept in step by `ExploreObserver`; Explore reads only this.
    public let catalog: PostCatalog
    /// The upload pipeline (libvips), with its own bounded concurrency off the request threads.
    public let media: MediaPipeline
    /// Renders missing variants on first request (the demo's procedural images); nil in production.
    public let mediaFallback: MediaFallback?
    /// Where engagement events go (the durable event log when the real-time subsystem is installed).
    public let events: any EngagementSink
    let activity = ActivityTracker()
    /// Subsystems (feed fan-out, notifications, events) subscribe here at start-up.
    public let hooks = SocialHooks()
    /// Raises notifications from social actions and direct messages.
    public let notifications: NotificationObserver
    /// Real-time delivery of messages and notifications (the runtime installs its `PushHub` here).
    public let push = RealtimePush()
    /// Per-viewer follow lists and blocks for user search (a minute, dropped on follow, unfollow and block).
    let searchContexts = SearchContexts()

    public init(store: any Store, config: ServerConfiguration, clock: any MosaicClock = SystemClock(),
                ids: IDGenerator = IDGenerator(), logger: Logger = Logger(label: "mosaic"),
                feed: (any HomeFeed)? = nil, catalog: PostCatalog = PostCatalog(), explore: (any ExploreService)? = nil,
                events: (any EngagementSink)? = nil, media: MediaPipeline = MediaPipeline(), mediaFallback: MediaFallback? = nil) {
        self.media = media
        self.mediaFallback = mediaFallback
        self.events = events ?? RecentEventsSink()
        self.store = store
        self.feed = feed ?? PullFeed(store: store)
        self.catalog = catalog
        self.explore = explore ?? ExploreFunnel(store: store, catalog: catalog, clock: clock, graph: StoreGraphSignals(store: store))
        self.config = config
        self.clock = clock
        self.ids = ids
        self.passwords = PasswordHasher(costLog2: config.passwordCostLog2)
        self.limits = RateLimiter(clock: clock, relaxed: config.relaxedLimits)
        self.logger = logger
        self.notifications = NotificationObserver(store: store, ids: ids, clock: clock, push: push)
        hooks.add(ExploreObserver(catalog: catalog, store: store))
        hooks.add(notifications)
        hooks.add(SearchContextObserver(contexts: searchContexts))
        hooks.add(EngagementStreamObserver(sink: self.events, clock: clock))
    }

    /// Loads in-process state from the store before serving: the Explore catalog of the last 30 days and, given
    /// Explore's retrieval, the item vectors of the catalog's posts its index does not hold yet (all of them on
    /// a first start, none or the newest with a saved index), in the same read of the posts; from then on new
    /// posts are indexed as they are published. Returns how many posts the index holds of the catalog's.
    @discardableResult
    public func warmUp(indexingInto retrieval: TwoTowerRetrieval? = nil) async throws -> Int {
        let export = store as? any TrainingExportStore
        var indexed = 0
        for try await (posts, authors) in recentPostBatches() {
            for p in posts { if let a = authors[p.authorID] { catalog.upsert(CatalogEntry(post: p, author: a)) } }
            guard let retrieval, let export else { continue }
            indexed += try await index(posts, authors: authors, into: retrieval, store: export)
        }
        if let retrieval, let export { hooks.add(RetrievalIndexObserver(retrieval: retrieval, store: export)) }
        return indexed
    }

    /// The catalog's posts (the last `catalog.horizon`), in batches with their authors.
    func recentPostBatches(batch: Int = 20_000) -> AsyncThrowingStream<([Post], [UserID: User]), any Error> {
        let store = self.store, since = clock.now().addingTimeInterval(-catalog.horizon)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let posts = try await store.recentPosts(since: since, limit: 2_000_000)
                    for start in stride(from: 0, to: posts.count, by: batch) {
                        let part = Array(posts[start..<min(start + batch, posts.count)])
                        continuation.yield((part, try await store.users(ids: Array(Set(part.map(\.authorID))))))
                    }
                    continuation.finish()
                } catch { continuation.finish(throwing: error) }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A shard for a new account: spread uniformly; fixed for the account's life and inherited by its content.
    func newUserShard() -> Int { Int.random(in: 0..<MosaicID.shardCount) }
}
