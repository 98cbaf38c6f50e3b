import Foundation
import Synchronization
import MosaicCore
import MosaicStore

/// Explore's four stages: retrieval from several attributed sources (ANN on the viewer's vector, hot, trending,
/// popular-in-region, graph) → light ranker keeps 500 → multi-task ranker keeps 200 → post-processing (MMR,
/// category quotas, exploration slots, trend injection). Every stage has a deadline, and every failure has a
/// fallback, so the grid always comes back and `servedBy` says which path produced it.
public final class ExploreFunnel: ExploreService {
    public typealias Store = AccountStore & GraphStore & PostStore & EngagementStore & ExploreViewerStore

    let store: any Store
    let catalog: PostCatalog
    let clock: any MosaicClock
    public let config: ExploreConfiguration
    public let faults = ExploreFaults()
    /// Per-stage durations, recorded when a benchmark switches it on.
    public let stageTimings = StageRecorder()
    let snapshots: SessionSnapshots
    let postCache = PostCache()
    let retrieval: (any ItemRetrieval)?
    let userVectors: (any UserVectors)?
    let trending: (any TrendingPosts)?
    let graph: (any GraphSignals)?
    let light: any CandidateScorer
    let heavy: (any CandidateScorer)?
    /// Trial audiences: reserved slots for cohort members, untested posts withheld from everyone else.
    let trials: ExploreTrials?
    /// Multi-task ranker versions besides `heavy`, served to experiment arms or scored in shadow.
    let rankers: [String: any CandidateScorer]
    private let plan: Mutex<ExperimentPlan>
    /// The live experiment plan; replacing it re-buckets the next requests (no restart).
    public var experiments: ExperimentPlan {
        get { plan.withLock { $0 } }
        set { plan.withLock { $0 = newValue } }
    }
    /// Ranked lists and served pages, for impression labelling and experiment reports.
    let log: (any ExploreLogSink)?

    public init(store: any Store, catalog: PostCatalog, clock: any MosaicClock, config: ExploreConfiguration = .init(),
                retrieval: (any ItemRetrieval)? = nil, userVectors: (any UserVectors)? = nil,
                trending: (any TrendingPosts)? = nil, graph: (any GraphSignals)? = nil,
                light: any CandidateScorer = HeuristicScorer(), heavy: (any CandidateScorer)? = nil,
                trials: ExploreTrials? = nil, rankers: [any CandidateScorer] = [], experiments: ExperimentPlan = .init(),
                log: (any ExploreLogSink)? = nil) {
        self.store = store; self.catalog = catalog; self.clock = clock; self.config = config
        self.snapshots = SessionSnapshots(lifetime: config.snapshotLifetime)
        self.retrieval = retrieval; self.userVectors = userVectors; self.trending = trending; self.graph = graph
        self.light = light; self.heavy = heavy; self.trials = trials
        self.rankers = Dictionary(rankers.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
        self.plan = Mutex(experiments); self.log = log
    }

    public func page(viewer: UserID, cursor: [UInt64]?, limit: Int) async throws -> (items: [ExploreItem], cursor: [UInt64]?, servedBy: String) {
        if let cursor, cursor.count == 2,
           let page = await snapshots.page(id: cursor[0], viewer: viewer, offset: Int(cursor[1]), limit: limit) {
            let items = try await hydrate(page.items)
            logServed(request: cursor[0], viewer: viewer, offset: Int(cursor[1]), items: items)
            return (items, page.next, page.servedBy)
        }
        var shown = Set<PostID>()
        if let cursor, cursor.count == 2 { shown = await snapshots.shown(id: cursor[0], viewer: viewer) }
        var (ranked, servedBy, timings, list) = try await run(viewer: viewer, alreadyShown: shown)
        let id = await snapshots.create(viewer: viewer, items: ranked, previouslyShown: shown, servedBy: servedBy)
        ranked = []
        if let log, var list {
            list.request = id
            list.servedBy = servedBy
            // Encoding and writing happen beside the request, not in front of its answer.
            let record = ExploreLogRecord.ranked(list)
            Task { await log.record(record) }
        }
        guard let first = await snapshots.page(id: id, viewer: viewer, offset: 0, limit: limit) else {
            // Nothing left to show: an empty page whose cursor still remembers what was shown.
            return ([], nil, servedBy)
        }
        let started = ContinuousClock.now
        let items = try await hydrate(first.items)
        logServed(request: id, viewer: viewer, offset: 0, items: items)
        timings.hydrate = ContinuousClock.now - started
        timings.total += timings.hydrate
        stageTimings.record(timings)
        return (items, first.next, servedBy)
    }

    /// Logs a served page: its posts as shown (posts deleted since ranking were dropped by hydration) and where
    /// the page starts in the ranked list; labelling finds each post's position in the list.
    func logServed(request: UInt64, viewer: UserID, offset: Int, items: [ExploreItem]) {
        guard let log, !items.isEmpty else { return }
        let record = ExploreLogRecord.served(ServedPage(request: request, viewer: viewer, at: clock.now(), offset: offset,
                                                        posts: items.map(\.post.id)))
        Task { await log.record(record) }
    }

    /// One page's posts, from the post cache and the store for the rest, with the catalogue's live counters;
    /// posts deleted since ranking are dropped.
    func hydrate(_ ranked: [SessionSnapshots.Ranked]) async throws -> [ExploreItem] {
        let ids = ranked.map(\.postID)
        var entries: [PostID: CatalogEntry] = [:]
        for case let e? in catalog.entries(of: ids) { entries[e.postID] = e }
        // A cached copy is used only with the catalogue's counters beside it.
        var posts = postCache.posts(ids.filter { entries[$0] != nil })
        let missing = ids.filter { posts[$0] == nil }
        if !missing.isEmpty {
            let fetched = try await store.posts(ids: missing)
            postCache.insert(fetched.values)
            posts.merge(fetched) { a, _ in a }
        }
        return ranked.compactMap { r in
            guard var p = posts[r.postID], p.deletedAt == nil else { return nil }
            if let e = entries[r.postID] {
                if e.deleted { return nil }
                p = p.withCounters(of: e)
            }
            return ExploreItem(post: p, source: r.source, reasons: r.reasons, score: r.score)
        }
    }

    /// The viewer's context: who and what is excluded, their interests and region.
    func context(viewer: UserID, alreadyShown: Set<PostID>) async throws -> ExploreContext {
        let now = clock.now()
        let state = try await store.exploreViewerState(viewer, engagedLimit: 200, dismissedLimit: 1_000)
        var excluded = Set(state.followees).union(state.blocked)
        excluded.insert(viewer)
        var interests: [String: Float] = [:]
        for e in catalog.entries(state.recentlyEngaged) where !e.category.isEmpty { interests[e.category, default: 0] += 1 }
        // Chosen interests (cold start) count like a handful of likes each, so the first real interactions
        // start to move the profile at once.
        for c in state.interests { interests[c, default: 0] += 3 }
        let total = interests.values.reduce(0, +)
        if total > 0 { for k in interests.keys { interests[k]! /= total } }
        var ctx = ExploreContext(viewer: viewer, region: state.user?.region ?? "", now: now, excludedAuthors: excluded,
                                 restrictedCategories: Set(state.restrictedCategories),
                                 excludedPosts: alreadyShown.union(state.recentlyEngaged).union(state.dismissed), interests: interests)
        ctx.recentlyEngaged = state.recentlyEngaged
        return ctx
    }

    func run(viewer: UserID, alreadyShown: Set<PostID>) async throws
        -> (items: [SessionSnapshots.Ranked], servedBy: String, timings: StageTimings, list: RankedList?) {
        let clock = ContinuousClock()
        let started = clock.now
        var mark = started
        var timings = StageTimings()
        func lap() -> Duration { let now = clock.now; defer { mark = now }; return now - mark }
        var ctx = try await context(viewer: viewer, alreadyShown: alreadyShown)
        // One read of the live trends per request: trial withholding and trend injection see the same ones.
        let trends = trending?.trending(now: ctx.now)
        let trialSlots = await trials?.prepare(&ctx, trendingNow: Set(trends?.map(\.post) ?? [])) ?? []
        timings.context = lap()
        let pools = catalog.pools(now: ctx.now)
        let since = ctx.now.addingTimeInterval(-catalog.horizon)
        // The policy, applied inside the index traversal (from the facts the index keeps beside each vector).
        let policy = RetrievalPolicy(context: ctx, catalog: catalog, since: since)
        /// The entry of a post another source found (ANN, graph), if it is in the horizon and passes the policy
        /// now (a post changed since the index checked it is caught here).
        func admitted(_ entry: CatalogEntry?) -> CatalogEntry? {
            guard let e = entry, e.createdAt >= since, ctx.allows(e) else { return nil }
            return e
        }

        // Stage 1: retrieval. The graph source reads the store, so it runs while the index is searched.
        var path = "funnel"
        let faults = self.faults
        let graphSince = ctx.now.addingTimeInterval(-7 * 86_400)
        let graph = self.graph, deadline = config.retrievalDeadline
        async let graphHits = graph == nil ? nil : withDeadline(deadline) {
            try await graph!.engagedByNeighbours(of: viewer, since: graphSince, limit: 300)
        }
        if let userVectors, !faults.userVectorFails {
            let started = clock.now
            defer { timings.userVector = clock.now - started }
            let c = ctx
            ctx.userVector = await withDeadline(config.retrievalDeadline) { try await userVectors.vector(for: viewer, context: c) } ?? nil
        }
        trials?.population.observe(viewer, vector: ctx.userVector, interests: ctx.interests)
        // Candidates and, beside each, its catalogue entry (the rankers read its counters). The ANN's and the
        // graph's entries are the ones just read; the pool sources' are read again below for counters as of now
        // (the pools may be a second old).
        var candidates: [Candidate] = [], rowEntries: [CatalogEntry] = []
        candidates.reserveCapacity(config.annCandidates + 4 * config.poolCandidates)
        rowEntries.reserveCapacity(config.annCandidates + 4 * config.poolCandidates)
        if let v = ctx.userVector, let retrieval {
            let k = config.annCandidates
            let annStarted = clock.now
            defer { timings.ann = clock.now - annStarted }
            let hits = await withDeadline(config.retrievalDeadline) { () async throws -> [(PostID, Float)] in
                if faults.annFails { throw InjectedFault() }
                return try await retrieval.nearest(to: v, k: k, policy: policy)
            }
            if let hits {
                for ((_, s), entry) in zip(hits, catalog.entries(of: hits.map(\.0))) {
                    guard let e = admitted(entry) else { continue }
                    candidates.append(Candidate(e, source: .ann, retrievalScore: s, reason: annReason(e, ctx)))
                    rowEntries.append(e)
                }
            } else {
                path = "popular_graph"
            }
        } else {
            path = ctx.interests.isEmpty ? "popular" : "session_interests"
        }
        let fromIndex = candidates.count
        candidates += CandidateSources.hot(pools, ctx, limit: 100)
        candidates += CandidateSources.popular(pools, ctx, limit: config.poolCandidates)
        // Cold start: with fewer than 20 engagements the user vector is thin, so the chosen and engaged
        // categories' popular posts stay candidates beside the ANN's and the rankers weigh them together.
        if path != "funnel" || ctx.recentlyEngaged.count < 20 {
            candidates += CandidateSources.interests(pools, ctx, limit: config.poolCandidates)
        }
        // A pooled post deleted since the pools were built has no entry: it is dropped by `dedupe`.
        rowEntries += catalog.entries(of: candidates[fromIndex...].map(\.postID)).map { $0 ?? .missing }
        if let hits = await graphHits {
            let top = hits.map(\.strength).max() ?? 1
            for (h, entry) in zip(hits, catalog.entries(of: hits.map(\.post))) {
                guard let e = admitted(entry) else { continue }
                candidates.append(Candidate(e, source: .graph, retrievalScore: h.strength / max(top, 1e-6), reason: .likedByFollowed))
                rowEntries.append(e)
            }
        }
        (candidates, rowEntries) = Self.dedupe(candidates, rowEntries)

        timings.retrieval = lap()

        // Stage 2: light ranker keeps 500.
        let viewerContext = ctx   // a `let`, so the closure below borrows it instead of copying it per candidate
        var features = FeatureRows(count: candidates.count) { i, row in
            RankingFeatures.write(candidates[i], rowEntries[i], viewerContext, into: row)
        }
        let lightScorer = light, c0 = candidates, f0 = features, ctx0 = ctx
        var lightScores = await withDeadline(config.lightDeadline) { try lightScorer.score(c0, features: f0, context: ctx0) }
        if lightScores == nil { lightScores = try HeuristicScorer().score(candidates, features: features, context: ctx) }
        let light = lightScores ?? []
        for i in candidates.indices { candidates[i].lightScore = light[i] }
        let order = Self.top(config.lightKeep, of: light)
        candidates = order.map { candidates[$0] }
        features = features.selecting(order)

        timings.light = lap()

        // Stage 3: the multi-task ranker keeps 200; late or failing → light-ranker order. The viewer's experiment
        // arm picks the model version; a shadow version is scored beside it and only logged.
        let experiments = self.experiments
        let bucket = experiments.bucket(for: viewer)
        let arm = experiments.arm(forBucket: bucket)
        let heavy = arm.flatMap { rankers[$0.rankerVersion] } ?? self.heavy
        if let shadowVersion = experiments.shadowVersion, shadowVersion != heavy?.version, let shadow = rankers[shadowVersion] {
            let c1 = candidates, f1 = features, ctx1 = ctx
            if let values = await withDeadline(config.heavyDeadline, { try shadow.score(c1, features: f1, context: ctx1) }) {
                for i in candidates.indices { candidates[i].shadowScore = values[i] }
            }
        }
        // Features are logged for a sampled share of requests; only those keep them past this stage.
        let logsFeatures = log != nil && Double.random(in: 0..<1) < config.featureLogRate
        var loggedFeatures: [PostID: [Float]] = [:]
        if logsFeatures {
            for (i, c) in candidates.enumerated() { loggedFeatures[c.postID] = features.row(i) }
        }
        if let heavy {
            let c1 = candidates, f1 = features, ctx1 = ctx
            let values = await withDeadline(config.heavyDeadline) { () async throws -> [Float] in
                if faults.heavyFails { throw InjectedFault() }
                if let d = faults.heavyDelay { try await Task.sleep(for: d) }
                return try heavy.score(c1, features: f1, context: ctx1)
            }
            if let values {
                for i in candidates.indices { candidates[i].value = values[i]; candidates[i].heavyScore = values[i] }
            } else {
                for i in candidates.indices { candidates[i].value = candidates[i].lightScore }
                if path == "funnel" { path = "light_ranker" }
            }
        } else {
            for i in candidates.indices { candidates[i].value = candidates[i].lightScore }
        }
        candidates = Self.top(config.heavyKeep, of: candidates.map(\.value)).map { candidates[$0] }

        timings.heavy = lap()

        // Stage 4: post-processing.
        let finalOrder = postProcess(candidates, pools: pools, ctx: ctx, trends: trends, trialSlots: trialSlots)
        timings.postProcess = lap()
        timings.total = clock.now - started
        let items = finalOrder.map {
            SessionSnapshots.Ranked(postID: $0.postID, source: $0.source.rawValue, reasons: $0.reasons.texts, score: Double($0.value))
        }
        var list: RankedList?
        if log != nil {
            let logged = finalOrder.prefix(config.loggedItems).map { c in
                RankedList.Item(post: c.postID, source: c.source.rawValue, retrievalScore: c.retrievalScore, lightScore: c.lightScore,
                                heavyScore: c.heavyScore, shadowScore: c.shadowScore, features: loggedFeatures[c.postID])
            }
            list = RankedList(request: 0, viewer: viewer, at: ctx.now, bucket: bucket, arm: arm?.name ?? "control",
                              modelVersion: heavy?.version ?? self.light.version,
                              shadowVersion: candidates.contains { $0.shadowScore != nil } ? experiments.shadowVersion : nil,
                              servedBy: path, items: logged)
        }
        return (items, path, timings, list)
    }

    func annReason(_ e: CatalogEntry, _ ctx: ExploreContext) -> Reason {
        ctx.topInterestCode != 0 && ctx.topInterestCode == e.categoryCode ? .similarToLiked(category: e.categoryCode) : .similarToEngaged
    }

    /// Keeps one candidate per post (the highest retrieval score, with every source's reason) and its entry;
    /// drops candidates whose entry is `missing`.
    static func dedupe(_ candidates: [Candidate], _ entries: [CatalogEntry]) -> ([Candidate], [CatalogEntry]) {
        var index = IDMap<Int>(capacity: candidates.count, filler: 0)
        var out: [Candidate] = [], outEntries: [CatalogEntry] = []
        out.reserveCapacity(candidates.count)
        outEntries.reserveCapacity(candidates.count)
        for (c, e) in zip(candidates, entries) where e.postID == c.postID {
            if let i = index[c.postID] {
                if c.retrievalScore > out[i].retrievalScore {
                    var merged = c
                    merged.reasons.append(contentsOf: out[i].reasons)
                    out[i] = merged
                } else {
                    out[i].reasons.append(contentsOf: c.reasons)
                }
            } else {
                index.set(c.postID, out.count)
                out.append(c)
                outEntries.append(e)
            }
        }
        return (out, outEntries)
    }

    /// Indices of the `k` highest scores, highest first (ties by index; NaN last). Each score and its index are
    /// packed into one integer whose ascending order is that order, so the sort compares plain integers with no
    /// closure (a third of the time of sorting (score, index) pairs with a comparator).
    static func top(_ k: Int, of scores: [Float]) -> [Int] {
        var keys = scores.enumerated().map { i, score -> UInt64 in
            let bits = (score == 0 ? 0 : score).bitPattern   // -0 and +0 are one score
            // Order-preserving: negatives flip every bit, positives set the sign bit; NaN sorts below -∞.
            let ascending = score.isNaN ? 0 : (bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000)
            return UInt64(~ascending) << 32 | UInt64(UInt32(truncatingIfNeeded: i))
        }
        if k < keys.count, k > 0 {
            // Only the best k are kept (500 of ~3,000, 200 of 500): select them, then sort just those.
            keys.withUnsafeMutableBufferPointer { Selection.partition(k - 1, in: $0) }
            keys[..<k].sort()
        } else {
            keys.sort()
        }
        return keys.prefix(k).map { Int(UInt32(truncatingIfNeeded: $0)) }
    }
}
