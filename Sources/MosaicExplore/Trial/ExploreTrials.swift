import Foundation
import Logging
import MosaicCore
import MosaicRealtime
import MosaicStore

/// Where trial posts go in a viewer's Explore and whose posts get a trial.
public struct TrialSlotConfiguration: Sendable {
    /// 0-based position of the first reserved slot on a page (2 = the third tile).
    public var position = 2
    /// At most this many trial posts per page; further reserved posts wait for the next pages.
    public var perPage = 1
    /// Authors with this many followers or more get no trial: their posts reach people through followers'
    /// engagement (graph source, popularity, trends), and excluding a million followers from a cohort would
    /// mean reading them all before the post's 201.
    public var maxAuthorFollowers = 10_000
    public init() {}
}

/// Trial audiences wired into Explore: a new post from a public, non-celebrity account gets a first cohort of
/// non-followers whose vectors are nearest the post's item vector (or who like its category when no model is
/// loaded); cohort members find it in a reserved slot of their next Explore page; everyone else is kept from
/// it until it graduates (or starts trending, which it can only do on its cohorts' engagement). The cohorts'
/// views, likes and sends reach the registry through an `EventConsumer` over the event log (exactly once across
/// restarts); `advance()`, called every few seconds, decides the rounds and picks the next cohorts.
public final class ExploreTrials: Sendable {
    public let registry: TrialAudienceRegistry
    public let population: TrialPopulation
    public let slots: TrialSlotConfiguration
    let catalog: PostCatalog
    let logger: Logger

    /// `baselineRate` is the category's likes-and-sends per view (e.g. `EngagementCounters.engagementRate`).
    public init(catalog: PostCatalog, store: any GraphStore, retrieval: (any ItemRetrieval)?, clock: any MosaicClock,
                policy: TrialPolicy = TrialPolicy(), slots: TrialSlotConfiguration = .init(),
                population: TrialPopulation = TrialPopulation(), logger: Logger = Logger(label: "mosaic.trials"),
                baselineRate: @escaping TrialAudienceRegistry.BaselineRate) {
        self.catalog = catalog; self.population = population; self.slots = slots; self.logger = logger
        registry = TrialAudienceRegistry(policy: policy, clock: clock, logger: logger, baselineRate: baselineRate) { post, size, excluding in
            await TrialCohort.select(post: post, size: size, excluding: excluding, catalog: catalog, store: store,
                                     retrieval: retrieval, population: population)
        }
    }

    /// Starts a trial for a post that is already in the catalog (and, with a model, in the index). Private
    /// authors' posts never appear on Explore, and large accounts get no trial (see `maxAuthorFollowers`).
    @discardableResult
    public func postCreated(_ post: PostID) async -> TrialAudience? {
        guard let e = catalog.entry(post), !e.deleted, !e.authorPrivate,
              Int(e.authorFollowers) < slots.maxAuthorFollowers else { return nil }
        return await registry.start(post: post, author: e.authorID, category: e.category)
    }

    /// Decides the rounds that are ready and picks the next cohorts (each decision is logged by the registry).
    /// Finished trials are forgotten after a week; until then a stopped post stays out of Explore.
    @discardableResult
    public func advance() async -> [TrialDecision] {
        let decisions = await registry.advance()
        await registry.prune(finishedBefore: 7 * 86_400)
        return decisions
    }

    /// Enrols users before they open Explore (start-up, benchmarks): their query vector from `vectors`.
    public func enrol(_ users: [UserID], vectors: any UserVectors, now: Date) async {
        for u in users {
            let ctx = ExploreContext(viewer: u, region: "", now: now, excludedAuthors: [])
            let v = try? await vectors.vector(for: u, context: ctx)
            population.observe(u, vector: v ?? nil, interests: [:])
        }
    }

    /// Applies the trials to one request's context: posts under trial are withheld unless the viewer is in their
    /// cohort or the post is trending now; returns the viewer's reserved slots.
    func prepare(_ ctx: inout ExploreContext, trendingNow: Set<PostID>) async -> [TrialSlot] {
        let r = await registry.reservation(for: ctx.viewer)
        if !r.withheld.isEmpty { ctx.excludedPosts.formUnion(r.withheld.subtracting(trendingNow)) }
        return r.slots
    }
}

/// Picking a cohort: non-followers of the author (not blocked either way, not the author, never exposed
/// before) nearest the post's item vector, topped up with users who like its category.
enum TrialCohort {
    static func select(post: PostID, size: Int, excluding: Set<UserID>, catalog: PostCatalog, store: any GraphStore,
                       retrieval: (any ItemRetrieval)?, population: TrialPopulation) async -> [UserID] {
        guard size > 0, let e = catalog.entry(post) else { return [] }
        var skip = excluding
        skip.insert(e.authorID)
        do {
            skip.formUnion(try await store.followerIDs(of: e.authorID))
            skip.formUnion(try await store.blockedEitherWay(e.authorID))
        } catch {
            return []   // without the author's followers and blocks no cohort is safe to pick
        }
        var picked: [UserID] = []
        if let item = retrieval?.itemVector(post) {
            picked = population.nearest(to: item, size: size, excluding: skip)
        }
        if picked.count < size {
            skip.formUnion(picked)
            picked += population.interested(in: e.category, size: size - picked.count, excluding: skip)
        }
        return picked
    }
}
