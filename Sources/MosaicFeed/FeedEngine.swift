import Foundation
import Logging
import MosaicCore
import MosaicStore
import Synchronization

/// Everything the feed reads and writes durably.
public typealias FeedBackingStore = FeedStore & GraphStore & PostStore & AccountStore & EngagementStore

/// The hybrid home feed: fan-out on write for ordinary authors, pull at read for celebrities, with
/// in-process capped timelines in front of durable ones.
///
/// **Write side.** A new post becomes a durable `FanOutJob` before its 201; a worker walks the author's
/// followers in edge order, writing batches of timeline rows and the job's cursor in one transaction, then
/// mirrors the batch into loaded in-process timelines. Rows are keyed (user, post), so a batch replayed
/// after a crash changes nothing: at-least-once delivery with idempotent inserts is exactly-once in effect.
/// Followers idle longer than the inactivity window are skipped and rebuilt by pull when they return.
///
/// **Readers following thousands.** Every post would cost such a reader one write, and their timeline
/// would churn through its 800 slots in hours. We chose *merge at read* over lossy timelines: readers who
/// follow more than `maxPushFollowing` accounts receive no pushes at all, and their page is a k-way merge
/// of their followees' recent posts (one indexed query per 500 authors). This bounds the write work per
/// post by the author's ordinary followers, loses nothing (a lossy timeline drops posts at random, which
/// users notice as "I never saw it"), and keeps a reader's cost on the reader's own request.
///
/// **Consistency.** The author's own posts and celebrity posts are pulled, so the author sees a post at
/// once. Every read filters pushed entries by the viewer's *current* followees, so unfollow and block take
/// effect on the very next read even before the cleanup of the timeline runs; deleted posts are dropped
/// from the post cache and never hydrated. Fan-out walks the `follows` table, which holds approved
/// followers only, so a private account's posts reach no one else.
public final class FeedEngine: HomeFeed {
    public let store: any FeedBackingStore
    public let configuration: FeedConfiguration
    public let timelines: any TimelineCache
    public let celebrities = CelebrityDirectory()
    /// Posts served to feeds, guarded by leases (hydration of a celebrity post costs one store read).
    public let posts = LeaseCache<PostID, Post>(capacity: 200_000)
    /// Each pull author's newest posts (celebrities, and every reader's own), oldest first, behind leases:
    /// invalidated when the author posts or deletes, so a read merges them without a store query.
    let authorPosts = LeaseCache<UserID, AuthorPosts>(capacity: 100_000)
    /// The ranker's reader and author inputs, fed by the write path (see `FeedSignalCache`).
    public let rankingSignals = FeedSignalCache()
    /// Reader states as last written: this engine is their only writer, so the copy saves a read per request.
    let readerStates = Mutex<[UserID: FeedReaderState]>([:])
    let clock: any MosaicClock
    let logger: Logger
    let scorer = Mutex<(any FeedScorer)?>(nil)
    let sessions = Mutex<[UserID: RankedSession]>([:])
    let signal: AsyncStream<Void>.Continuation
    let signals: AsyncStream<Void>
    let counters = Mutex(FanOutCounters())

    public init(store: any FeedBackingStore, configuration: FeedConfiguration = FeedConfiguration(),
                clock: any MosaicClock = SystemClock(), logger: Logger = Logger(label: "mosaic.feed"),
                timelines: (any TimelineCache)? = nil) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.timelines = timelines ?? ShardedTimelineCache(capacity: configuration.timelineCapacity)
        (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Loads the pull-author directory (with hysteresis: half the threshold, see `CelebrityDirectory`).
    public func warmUp() async throws {
        celebrities.replace(with: try await store.accounts(minFollowers: max(1, configuration.celebrityThreshold / 2)))
    }

    /// Installs a trained ranking model (or removes it: the ranked feed then falls back to time order).
    public func install(scorer: (any FeedScorer)?) { self.scorer.withLock { $0 = scorer } }

    // MARK: Reading

    public func page(viewer: UserID, cursor: [UInt64], limit: Int, chronological: Bool) async throws -> (posts: [Post], next: [UInt64]?) {
        let followees = Set(try await store.followeeIDs(of: viewer))
        let heavy = followees.count > configuration.maxPushFollowing
        try await prepareTimeline(viewer: viewer, followees: followees, heavy: heavy)
        let view = FeedView(viewer: viewer, followees: followees, heavy: heavy)
        if !chronological, cursor.count != 1, scorer.withLock({ $0 != nil }) {
            return try await rankedPage(view, cursor: cursor, limit: limit)
        }
        let before = cursor.count == 1 ? MosaicID(rawValue: cursor[0]) : nil
        let items = try await chronologicalPosts(view, before: before, limit: limit + 1)
        let next = items.count > limit ? [items[limit - 1].id.rawValue] : nil
        return (Array(items.prefix(limit)), next)
    }

    /// An author's newest posts as the pull side reads them; `complete` when the author has no older ones.
    struct AuthorPosts: Sendable {
        var entries: [TimelineEntry]
        var complete: Bool
    }

    /// Who is reading and what their followees are, fixed for one request.
    struct FeedView {
        let viewer: UserID
        let followees: Set<UserID>
        let heavy: Bool
    }

    /// Newest-first visible posts below `before`: pushed entries of current followees merged with pulled
    /// posts of pull authors; deleted posts vanish at hydration. Loops while deletions leave a page short.
    func chronologicalPosts(_ view: FeedView, before: PostID?, limit: Int) async throws -> [Post] {
        var out: [Post] = []
        var bound = before
        let pullAuthors = pullAuthors(view)
        while out.count < limit {
            let want = limit - out.count + 8
            var pushed: [TimelineEntry] = []
            var timelineEnded = true
            var oldestExamined: PostID? = nil
            if !view.heavy, let raw = timelines.entries(of: view.viewer, before: bound, limit: want) {
                pushed = raw.filter { view.followees.contains($0.authorID) }
                timelineEnded = raw.count < want
                oldestExamined = raw.last?.postID
            }
            // Past the end of a full timeline, older pages come from pulling every followee.
            let pullAll = !view.heavy && timelineEnded && (timelines.count(of: view.viewer) ?? 0) >= timelines.capacity
            let authors = pullAll ? Array(view.followees) + [view.viewer] : pullAuthors
            var pulledPosts: [Post] = []
            let pulled: [TimelineEntry]
            if let cached = try await cachedEntries(of: authors, before: bound, limit: want) {
                pulled = cached
            } else {
                pulledPosts = try await store.recentPosts(authors: authors, before: bound, limit: want)
                pulled = pulledPosts.map { TimelineEntry(postID: $0.id, authorID: $0.authorID) }
            }
            let merged = FeedMerge.merge(pushed: pushed, pulled: pulled, limit: want)
            var known: [PostID: Post] = [:]
            for p in pulledPosts { known[p.id] = p }
            let missing = merged.map(\.postID).filter { known[$0] == nil }
            if !missing.isEmpty { known.merge(try await hydrate(missing)) { a, _ in a } }
            for e in merged where out.count < limit {
                if let p = known[e.postID] { out.append(p) }
            }
            if timelineEnded && pulled.count < want && merged.count < want { break }   // every source exhausted
            // Continue below the oldest position examined: the merge's last entry, or, when unfollowed
            // authors' entries filled the whole timeline window, the window's end.
            guard let next = merged.last?.postID ?? oldestExamined else { break }
            bound = next
        }
        return out
    }

    func pullAuthors(_ view: FeedView) -> [UserID] {
        if view.heavy { return Array(view.followees) + [view.viewer] }
        return celebrities.intersection(view.followees) + [view.viewer]
    }

    /// The newest `limit` posts below `before` of a few pull authors, from `authorPosts` (loaded by one
    /// index-only query for the authors not cached). Nil when the store must answer: many authors (a heavy
    /// reader, or paging past a full timeline), or paging deeper than the cached lists reach.
    func cachedEntries(of authors: [UserID], before: PostID?, limit: Int) async throws -> [TimelineEntry]? {
        guard authors.count <= 64 else { return nil }
        let store = self.store, depth = timelines.capacity
        let lists = try await authorPosts.values(for: authors) { keys in
            try await store.recentEntries(authors: keys, perAuthor: depth).mapValues {
                AuthorPosts(entries: $0.reversed(), complete: $0.count < depth)
            }
        }
        var slices: [ArraySlice<TimelineEntry>] = []
        slices.reserveCapacity(lists.count)
        var oldestCached: PostID? = nil         // the newest of the incomplete lists' oldest entries
        for list in lists.values {
            // Entries are oldest first: keep those below `before`.
            var lo = 0, hi = list.entries.count
            if let before {
                while lo < hi { let mid = (lo + hi) / 2; if list.entries[mid].postID < before { lo = mid + 1 } else { hi = mid } }
            } else { lo = hi }
            slices.append(list.entries[..<lo])
            if !list.complete, let first = list.entries.first { oldestCached = max(oldestCached ?? first.postID, first.postID) }
        }
        let entries = FeedMerge.newest(of: slices, limit: limit)
        // An author whose older posts are not cached could have one among the newest `limit` unless the
        // page is full and ends at or above the point where their cached list starts.
        if let oldestCached, entries.count < limit || entries[entries.count - 1].postID < oldestCached { return nil }
        return entries
    }

    /// Posts by ID through the lease cache: concurrent misses on one post cost one store read.
    public func hydrate(_ ids: [PostID]) async throws -> [PostID: Post] {
        let store = self.store
        return try await posts.values(for: ids) { keys in try await store.posts(ids: keys) }
    }

    /// Makes sure the viewer's timeline is in memory and complete: loaded from the store, or rebuilt by
    /// pull when the reader may have been skipped (new, back from inactivity, or leaving pull-only mode).
    func prepareTimeline(viewer: UserID, followees: Set<UserID>, heavy: Bool) async throws {
        let now = clock.now()
        var state = readerStates.withLock { $0[viewer] }
        if state == nil { state = try await store.readerState(user: viewer) }
        // One hour of margin over the activity tracker's one-minute throttle: anyone fan-out skipped has
        // a last read older than this (see the proof in the README's feed section).
        let skippedSince = now.addingTimeInterval(-configuration.inactivityWindow + 3_600)
        let mustRebuild = !heavy && (state == nil || state!.lastReadAt < skippedSince || state!.pullOnly)
        if heavy {
            timelines.evict(viewer)
        } else if mustRebuild {
            try await rebuildTimeline(viewer: viewer, followees: followees)
        } else if !timelines.isLoaded(viewer) {
            timelines.reserve(viewer)
            let cap = timelines.capacity
            let rows = try await store.timeline(user: viewer, limit: cap + 1)
            if rows.count > cap { try await store.trimTimeline(user: viewer, keep: cap) }
            timelines.load(viewer, entries: Array(rows.prefix(cap)))
        }
        if state == nil || state!.pullOnly != heavy || state!.lastReadAt < now.addingTimeInterval(-3_600) || mustRebuild {
            let fresh = FeedReaderState(lastReadAt: now, pullOnly: heavy)
            try await store.setReaderState(user: viewer, fresh)
            state = fresh
        }
        if let state {
            readerStates.withLock { s in
                if s.count >= 200_000 { s.removeAll(keepingCapacity: true) }
                s[viewer] = state
            }
        }
    }

    /// Pulls the newest posts of the viewer's push authors into their durable and in-process timeline.
    func rebuildTimeline(viewer: UserID, followees: Set<UserID>) async throws {
        let cap = timelines.capacity
        timelines.reserve(viewer)
        // IDs only (the posts are hydrated when served): each followee's newest, merged.
        let lists = try await store.recentEntries(authors: Array(followees), perAuthor: cap)
        let entries = FeedMerge.newest(of: lists.values.map { Array($0.reversed())[...] }, limit: cap)
        try await store.insertTimeline(user: viewer, entries: entries)
        let rows = try await store.timeline(user: viewer, limit: cap + 1)
        if rows.count > cap { try await store.trimTimeline(user: viewer, keep: cap) }
        timelines.load(viewer, entries: Array(rows.prefix(cap)))
        counters.withLock { $0.rebuilds += 1 }
    }
}
