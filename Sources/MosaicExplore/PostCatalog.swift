import Foundation
import MosaicCore
import Synchronization

/// What Explore knows about a post without touching the database: enough to filter and rank thousands of
/// candidates per request in microseconds. Loaded from the store at start-up; likes, comments, saves and shares
/// are kept in step by the API's social hooks (the store's rows), impressions and hides by the catalog's event
/// consumer (`CatalogEventCounters` in MosaicAPI), which writes them to the store too.
///
/// Plain values only (category and region as one-byte codes, the hashtags as their count): a request copies
/// thousands of entries out of the catalogue and its pools, and a string or array field would make each copy
/// a round of atomic reference counting (profiled: a fifth of the funnel's time).
public struct CatalogEntry: Sendable {
    public var postID: PostID
    public var authorID: UserID
    /// `InterestCategory.code` of the post's category (0: none).
    public var categoryCode: UInt8
    public var hashtagCount: Int32
    public var createdAt: Date
    public var likes: Int32
    public var comments: Int32
    public var saves: Int32
    public var shares: Int32
    public var hides: Int32
    public var reports: Int32
    public var impressions: Int32
    public var authorFollowers: Int32
    /// `RegionCode.code` of the author's region (0: not set).
    public var authorRegionCode: UInt8
    public var authorPrivate: Bool
    public var deleted: Bool
    /// The regions the post may be recommended in as a `RegionCode.mask`; 0: everywhere.
    public var regions: UInt8

    public var category: String {
        get { InterestCategory.name(categoryCode) }
        set { categoryCode = InterestCategory.code(newValue) }
    }
    public var authorRegion: String {
        get { RegionCode.name(authorRegionCode) }
        set { authorRegionCode = RegionCode.code(newValue) }
    }

    public init(post: Post, author: User) {
        postID = post.id; authorID = post.authorID; categoryCode = InterestCategory.code(post.category)
        hashtagCount = Int32(clamping: post.hashtags.count)
        createdAt = post.createdAt; likes = Int32(post.likeCount); comments = Int32(post.commentCount)
        saves = Int32(post.saveCount); shares = Int32(post.shareCount); hides = Int32(clamping: post.hideCount)
        reports = Int32(clamping: post.reportCount)
        impressions = Int32(clamping: post.impressionCount)
        authorFollowers = Int32(author.followerCount); authorRegionCode = RegionCode.code(author.region)
        authorPrivate = author.isPrivate
        deleted = post.deletedAt != nil; regions = RegionCode.mask(post.regions)
    }

    /// For replaying a log (ranker training): an entry with counters as of a moment in the past.
    public init(postID: PostID, authorID: UserID, category: String, hashtagCount: Int, createdAt: Date, likes: Int32,
                comments: Int32, saves: Int32, shares: Int32, hides: Int32, impressions: Int32, authorFollowers: Int32,
                authorRegion: String) {
        self.postID = postID; self.authorID = authorID; self.categoryCode = InterestCategory.code(category)
        self.hashtagCount = Int32(clamping: hashtagCount); self.createdAt = createdAt
        self.likes = likes; self.comments = comments; self.saves = saves; self.shares = shares; self.hides = hides
        self.reports = 0; self.impressions = impressions; self.authorFollowers = authorFollowers
        self.authorRegionCode = RegionCode.code(authorRegion); self.authorPrivate = false; self.deleted = false
        self.regions = 0
    }

    /// Stands in for a post that is not in the catalogue (its ID is 0, which no post has).
    static let missing = CatalogEntry(postID: PostID(rawValue: 0), authorID: UserID(rawValue: 0), category: "", hashtagCount: 0,
                                      createdAt: .distantPast, likes: 0, comments: 0, saves: 0, shares: 0, hides: 0,
                                      impressions: 0, authorFollowers: 0, authorRegion: "")

    /// Weighted engagement, the numerator of popularity and of the light ranker's prior.
    public var engagement: Float { Float(likes) + 2 * Float(comments) + 3 * Float(saves) + 3 * Float(shares) }

    /// Engagement per hour of age with gravity 1.2, as ranking on news sites does: recent beats big.
    public func popularity(now: Date) -> Float {
        let hours = Float(max(0, now.timeIntervalSince(createdAt)) / 3600)
        return (engagement + 1) / powf(hours + 2, 1.2)
    }
}

/// The in-process catalog of recent posts (30 days by default), keyed by post ID, in 16 shards with a lock each:
/// request-time lookups (the ANN filter asks thousands per request) and writes touch one shard, and the pool
/// builder copies one shard at a time, so no reader waits behind a whole-catalog scan.
public final class PostCatalog: Sendable {
    private let shards: [CatalogShard] = (0..<16).map { _ in CatalogShard() }
    private let changes = Atomic<UInt64>(1)
    private let poolState = Mutex<(pools: CandidatePools, building: Bool, lastBuild: ContinuousClock.Instant?, buildTime: Duration)>(
        (.empty, false, nil, .zero))
    public let horizon: TimeInterval
    /// Catalogs up to this size rebuild their pools inline on the first request after a change (cheap, and
    /// exact for tests); larger ones rebuild in the background at most every `rebuildInterval`, and at most
    /// every ten build times (a 1 M-post catalogue takes a few hundred milliseconds to scan, and rebuilding it
    /// every second took a fifth of a core from the requests it serves).
    public let inlineRebuildLimit: Int
    public let rebuildInterval: Duration
    public let poolLimits: CandidatePools.Limits

    public init(horizon: TimeInterval = 30 * 86_400, inlineRebuildLimit: Int = 20_000,
                rebuildInterval: Duration = .seconds(1), poolLimits: CandidatePools.Limits = .init()) {
        self.horizon = horizon; self.inlineRebuildLimit = inlineRebuildLimit
        self.rebuildInterval = rebuildInterval; self.poolLimits = poolLimits
    }

    private func shard(_ id: PostID) -> CatalogShard {
        shards[Int(truncatingIfNeeded: (id.rawValue &* 0x9E37_79B9_7F4A_7C15) >> 60)]
    }
    private func changed() { changes.add(1, ordering: .relaxed) }

    public func upsert(_ e: CatalogEntry) { shard(e.postID).table.withLock { $0.set(e) }; changed() }
    public func remove(_ id: PostID) { update(id) { $0.deleted = true } }
    public func update(_ id: PostID, _ change: (inout CatalogEntry) -> Void) {
        shard(id).table.withLock { t in if var e = t.entries[id] { change(&e); t.set(e) } }
        changed()
    }
    /// Changes every entry of one author (privacy, region): a full scan, for rare account changes.
    public func updateAuthor(_ author: UserID, _ change: (inout CatalogEntry) -> Void) {
        for s in shards {
            s.table.withLock { t in
                for var e in t.entries.values where e.authorID == author { change(&e); t.set(e) }
            }
        }
        changed()
    }
    public func entry(_ id: PostID) -> CatalogEntry? { shard(id).table.withLock { $0.entries[id] } }

    /// Whether a post passes `policy` and is newer than `since`: the ANN filter calls this for every post that
    /// would enter its results, so it reads the post's plain `PolicyFacts` from the open-addressing table.
    public func allows(_ id: PostID, since: Date, policy: ExploreContext) -> Bool {
        shard(id).table.withLock { t in
            guard let f = t.facts[id], f.createdAt >= since else { return false }
            return policy.allows(id, facts: f)
        }
    }
    public func entries(_ ids: [PostID]) -> [CatalogEntry] { ids.compactMap(entry) }

    /// A snapshot of live entries newer than `since` (a full scan: tools and tests, never the request path).
    public func live(since: Date) -> [CatalogEntry] {
        shards.flatMap { s in s.table.withLock { t in t.entries.values.filter { !$0.deleted && $0.createdAt >= since } } }
    }

    public var count: Int { shards.reduce(0) { n, s in n + s.table.withLock { $0.entries.count } } }

    /// Drops entries older than the horizon.
    public func evict(now: Date) {
        let cutoff = now.addingTimeInterval(-horizon)
        for s in shards {
            s.table.withLock { t in
                t.entries = t.entries.filter { $0.createdAt >= cutoff }
                t.facts = t.facts.filter { $0.createdAt >= cutoff }
            }
        }
        changed()
    }

    /// The shared candidate pools as of `now`. Fresh pools are returned as they are; stale ones are rebuilt
    /// inline for small catalogs and in the background for large ones (requests meanwhile use the previous
    /// pools, at most `rebuildInterval` plus one build old).
    public func pools(now: Date) -> CandidatePools {
        let version = changes.load(ordering: .relaxed)
        let state = poolState.withLock { $0 }
        let current = state.pools
        if current.version == version, abs(now.timeIntervalSince(current.builtAt)) < 10 { return current }
        if current.version == 0 || count <= inlineRebuildLimit {
            let (built, took) = timedBuild(now: now, version: version)
            poolState.withLock { $0.pools = built; $0.lastBuild = .now; $0.buildTime = took }
            return built
        }
        let start = poolState.withLock { s -> Bool in
            if s.building { return false }
            if let last = s.lastBuild, ContinuousClock.now - last < max(rebuildInterval, s.buildTime * 10) { return false }
            s.building = true
            return true
        }
        if start {
            Task.detached(priority: .utility) { [self] in
                let (built, took) = self.timedBuild(now: now, version: version)
                self.poolState.withLock { $0.pools = built; $0.building = false; $0.lastBuild = .now; $0.buildTime = took }
            }
        }
        return current
    }

    private func timedBuild(now: Date, version: UInt64) -> (CandidatePools, Duration) {
        let started = ContinuousClock.now
        let pools = buildPools(now: now, version: version)
        return (pools, ContinuousClock.now - started)
    }

    private func buildPools(now: Date, version: UInt64) -> CandidatePools {
        var all: [CatalogEntry] = []
        all.reserveCapacity(count)
        for s in shards { s.table.withLock { all.append(contentsOf: $0.entries.values) } }
        return CandidatePools.build(all, now: now, horizon: horizon, version: version, limits: poolLimits)
    }
}

/// One lock's worth of the catalog (a class because `Mutex` cannot live in an array).
final class CatalogShard: Sendable {
    let table = Mutex(CatalogTable())
}

/// A shard's entries and, beside them, each post's `PolicyFacts`, both keyed without SipHash (`IDMap`). The
/// facts are under half an entry's size, so the ANN filter's random reads touch fewer cache lines.
struct CatalogTable {
    var entries = IDMap<CatalogEntry>(filler: .missing)
    var facts = PolicyFactsTable()

    mutating func set(_ e: CatalogEntry) {
        entries.set(e.postID, e)
        facts.set(e.postID, PolicyFacts(e))
    }
}

/// What the Explore policy reads of a post (see `PostCatalog.allows`).
public struct PolicyFacts: Sendable {
    public var authorID: UserID
    public var createdAt: Date
    public var reports: Int32
    public var deleted: Bool
    public var authorPrivate: Bool
    /// `CatalogEntry.regions`: a geographic restriction is one AND with the viewer's region bit.
    public var regions: UInt8
    public var categoryCode: UInt8

    init() {
        authorID = UserID(rawValue: 0); createdAt = .distantPast; reports = 0; deleted = true; authorPrivate = false
        regions = 0; categoryCode = 0
    }

    init(_ e: CatalogEntry) {
        authorID = e.authorID; createdAt = e.createdAt; reports = e.reports; deleted = e.deleted
        authorPrivate = e.authorPrivate; regions = e.regions; categoryCode = e.categoryCode
    }
}
