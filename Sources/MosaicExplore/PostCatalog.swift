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
    /// A class around the sink closure: a closure stored in the generic `Mutex` directly is re-wrapped in two
    /// reabstraction thunks by every `inout` access, so after a million reads it called itself through a
    /// million thunks (found as a stack overflow loading a 1 M-post catalogue).
    private final class FactsSink: Sendable {
        let send: @Sendable (PostID, PolicyFacts) -> Void
        init(_ send: @escaping @Sendable (PostID, PolicyFacts) -> Void) { self.send = send }
    }
    private let factsSink = Mutex<FactsSink?>(nil)
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

    private func shard(_ id: PostID) -> CatalogShard { shards[Self.shardIndex(id)] }
    @inline(__always)
    private static func shardIndex(_ id: PostID) -> Int { Int(truncatingIfNeeded: (id.rawValue &* 0x9E37_79B9_7F4A_7C15) >> 60) }
    private func changed() { changes.add(1, ordering: .relaxed) }

    public func upsert(_ e: CatalogEntry) {
        let sink = factsSink.withLock { $0 }
        shard(e.postID).table.withLock { t in if let f = t.set(e) { sink?.send(e.postID, f) } }
        changed()
    }
    public func remove(_ id: PostID) { update(id) { $0.deleted = true } }
    public func update(_ id: PostID, _ change: (inout CatalogEntry) -> Void) {
        let sink = factsSink.withLock { $0 }
        shard(id).table.withLock { t in
            if var e = t.entries[id] { change(&e); if let f = t.set(e) { sink?.send(id, f) } }
        }
        changed()
    }
    /// Changes every entry of one author (privacy, region): a full scan, for rare account changes.
    public func updateAuthor(_ author: UserID, _ change: (inout CatalogEntry) -> Void) {
        let sink = factsSink.withLock { $0 }
        for s in shards {
            s.table.withLock { t in
                for var e in t.entries.values where e.authorID == author {
                    change(&e)
                    if let f = t.set(e) { sink?.send(e.postID, f) }
                }
            }
        }
        changed()
    }
    public func entry(_ id: PostID) -> CatalogEntry? { shard(id).table.withLock { $0.entries[id] } }

    /// Whether a post passes `policy` and is newer than `since` (the ANN filter's form for an index that does not
    /// mirror the facts; `RetrievalPolicy`).
    public func allows(_ id: PostID, since: Date, policy: ExploreContext) -> Bool {
        shard(id).table.withLock { t in
            guard let e = t.entries[id], e.createdAt >= since else { return false }
            return policy.allows(e)
        }
    }

    /// Hands `sink` every post's `PolicyFacts` whenever they change (a new post, a deletion, a report, a privacy
    /// change; not the counters), called under the post's shard lock so the calls for one post arrive in the order
    /// of the changes. One sink: Explore's retrieval keeps the facts as its index's node attributes, so the ANN
    /// filter decides without a lookup here (`TwoTowerRetrieval.mirror`).
    public func mirrorFacts(into sink: @escaping @Sendable (PostID, PolicyFacts) -> Void) {
        let box = FactsSink(sink)
        factsSink.withLock { $0 = box }
    }

    /// Sends the current facts of `ids` to the sink again (after those posts entered the index, whose earlier
    /// copy of a change may have arrived before they were there), under their shard locks as changes are.
    public func republishFacts(_ ids: [PostID]) {
        guard let sink = factsSink.withLock({ $0 }) else { return }
        for id in ids {
            shard(id).table.withLock { t in if let e = t.entries[id] { sink.send(id, PolicyFacts(e)) } }
        }
    }
    public func entries(_ ids: [PostID]) -> [CatalogEntry] { entries(of: ids).compactMap { $0 } }

    /// The entries of `ids` in order (nil where absent): each shard is locked once for its share, and its
    /// lookups prefetch the slots of the ones after them (`IDMap.lookUp`). The funnel reads its ANN hits' entries
    /// this way: 2,000 one-by-one lookups were 2,000 cache misses in a row.
    public func entries(of ids: [PostID]) -> [CatalogEntry?] {
        var out = [CatalogEntry?](repeating: nil, count: ids.count)
        var positions = [[Int]](repeating: [], count: shards.count)
        for (i, id) in ids.enumerated() { positions[Self.shardIndex(id)].append(i) }
        for (s, mine) in positions.enumerated() where !mine.isEmpty {
            let keys = mine.map { ids[$0] }
            shards[s].table.withLock { t in t.entries.lookUp(keys) { j, e in out[mine[j]] = e } }
        }
        return out
    }

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

/// A shard's entries, keyed without SipHash (`IDMap`).
struct CatalogTable {
    var entries = IDMap<CatalogEntry>(filler: .missing)

    /// Stores `e`; returns its policy facts when they differ from the stored entry's (a new post, a deletion,
    /// a report, a privacy change), nil when only counters moved.
    mutating func set(_ e: CatalogEntry) -> PolicyFacts? {
        let before = entries[e.postID].map(PolicyFacts.init)
        entries.set(e.postID, e)
        let after = PolicyFacts(e)
        return before == after ? nil : after
    }
}
