import Foundation
import Logging
import MosaicCore

/// A post `user` should be shown in a reserved Explore slot, with the trial round that put them in its cohort.
public struct TrialSlot: Sendable, Equatable {
    public var post: PostID
    public var round: Int
    public init(post: PostID, round: Int) { self.post = post; self.round = round }
}

/// What Explore needs from the trials for one viewer: their reserved slots, and the posts still under trial
/// (or stopped) that nobody outside a cohort should be shown.
public struct TrialReservation: Sendable, Equatable {
    public var slots: [TrialSlot]
    public var withheld: Set<PostID>
    public init(slots: [TrialSlot] = [], withheld: Set<PostID> = []) { self.slots = slots; self.withheld = withheld }
}

/// All running trial audiences: starts them, feeds them the cohort's events (as an `EventProjection` behind an
/// `EventConsumer`, or through `record`), and on `advance()` closes the rounds that are ready and asks for the
/// next cohorts.
///
/// Cohort *selection* belongs to Explore (users whose vectors are near the post, non-followers): it is the
/// `selectCohort` closure, given the post, the size wanted and the users already exposed. The category
/// baseline comes from `baselineRate` (e.g. `EngagementCounters.engagementRate(category:)`).
public actor TrialAudienceRegistry: EventProjection {
    public typealias CohortSelector = @Sendable (_ post: PostID, _ size: Int, _ excluding: Set<UserID>) async -> [UserID]
    public typealias BaselineRate = @Sendable (_ category: String) -> Double?

    public let policy: TrialPolicy
    private let clock: any MosaicClock
    private let selectCohort: CohortSelector
    private let baselineRate: BaselineRate
    private let logger: Logger
    private var trials: [PostID: TrialAudience] = [:]
    /// Posts whose trial has not graduated: Explore keeps them out of everyone's grid but their cohort's.
    private var withheld: Set<PostID> = []
    /// user → posts whose current cohort includes them: Explore's reserved trial slots.
    private var reserved: [UserID: Set<PostID>] = [:]

    public init(policy: TrialPolicy = TrialPolicy(), clock: any MosaicClock,
                logger: Logger = Logger(label: "mosaic.trials"),
                baselineRate: @escaping BaselineRate, selectCohort: @escaping CohortSelector) {
        self.policy = policy
        self.logger = logger
        self.clock = clock
        self.baselineRate = baselineRate
        self.selectCohort = selectCohort
    }

    /// Starts a trial for a new post and picks its first cohort. Starting an existing trial returns it as is;
    /// when no cohort can be picked the post gets no trial (the stopped state is returned but not kept).
    @discardableResult
    public func start(post: PostID, author: UserID, category: String) async -> TrialAudience {
        if let t = trials[post] { return t }
        trials[post] = TrialAudience(post: post, author: author, category: category, policy: policy, now: clock.now())
        withheld.insert(post)
        await fillCohort(post)
        let t = trials[post]!
        if t.round == 0 {
            // Nobody to ask (no eligible viewers yet): no trial, and the post keeps ordinary distribution.
            trials[post] = nil
            withheld.remove(post)
            logger.debug("no trial cohort available", metadata: ["post": "\(post)", "category": "\(category)"])
            return t
        }
        logger.info("trial started", metadata: ["post": "\(post)", "category": "\(category)", "cohort": "\(t.cohortSize)"])
        return t
    }

    public func trial(_ post: PostID) -> TrialAudience? { trials[post] }
    public func decisions(_ post: PostID) -> [TrialDecision] { trials[post]?.decisions ?? [] }
    public var activeCount: Int { trials.values.filter { $0.status == .testing || $0.status == .waitingForCohort }.count }

    /// Posts for which `user` is in the current cohort and has not viewed yet: the slots Explore reserves.
    public func reservedPosts(for user: UserID) -> [PostID] {
        (reserved[user] ?? []).filter { trials[$0].map { !$0.viewers.contains(user) } ?? false }.sorted()
    }

    /// The viewer's reserved slots (unviewed posts of their current cohorts) and the posts withheld from
    /// everyone else: one actor hop per Explore request.
    public func reservation(for user: UserID) -> TrialReservation {
        let slots = reservedPosts(for: user).map { TrialSlot(post: $0, round: trials[$0]?.round ?? 0) }
        return TrialReservation(slots: slots, withheld: withheld.subtracting(reserved[user] ?? []))
    }

    public func record(_ r: Engagement) {
        guard var t = trials[r.postID] else { return }
        if t.record(user: r.userID, kind: r.kind) { trials[r.postID] = t }
    }

    public func apply(_ events: [LoggedEvent]) {
        for e in events { record(e.record) }
    }

    /// Decides every round that is ready (enough views, or timed out) and starts the next cohorts.
    /// Returns the decisions taken, in post order. Call it periodically (every few seconds) and in tests.
    @discardableResult
    public func advance() async -> [TrialDecision] {
        let now = clock.now()
        var taken: [TrialDecision] = []
        var expand: [PostID] = []
        for post in trials.keys.sorted() {
            guard var t = trials[post], t.isReady(now: now) else { continue }
            let members = t.cohort
            guard let d = t.decide(baselineRate: baselineRate(t.category), now: now) else { continue }
            trials[post] = t
            for u in members { release(u, post) }
            if d.verdict == .graduate { withheld.remove(post) }
            log(d, post)
            taken.append(d)
            if d.verdict == .expand { expand.append(post) }
        }
        for post in expand {
            await fillCohort(post)
            // An expansion that finds nobody left ends the trial inside `begin`: log that decision too.
            if let t = trials[post], t.status != .testing, let last = t.decisions.last, last.at >= now {
                if t.status == .graduated { withheld.remove(post) }
                log(last, post)
                taken.append(last)
            }
        }
        return taken
    }

    private func log(_ d: TrialDecision, _ post: PostID) {
        logger.info("trial decision", metadata: [
            "post": "\(post)", "round": "\(d.round)", "verdict": "\(d.verdict.rawValue)", "views": "\(d.views)",
            "engaged": "\(d.engaged)", "lower_bound": "\(d.lowerBound)", "baseline": "\(d.baseline)",
            "next_cohort": "\(d.nextCohortSize)", "reason": "\(d.reason)"])
    }

    private func fillCohort(_ post: PostID) async {
        guard let t = trials[post], t.status == .waitingForCohort else { return }
        let picked = await selectCohort(post, t.requestedCohort, t.exposed.union([t.author]))
        // The actor may have been re-entered while selecting: apply only if nobody else did.
        guard var now = trials[post], now.status == .waitingForCohort, now.round == t.round else { return }
        now.begin(cohort: Array(picked.prefix(t.requestedCohort)), now: clock.now())
        trials[post] = now
        for u in now.cohort { reserved[u, default: []].insert(post) }
    }

    private func release(_ user: UserID, _ post: PostID) {
        reserved[user]?.remove(post)
        if reserved[user]?.isEmpty == true { reserved[user] = nil }
    }

    /// Forgets finished trials older than `age` (their decisions are in the log message each one returned).
    public func prune(finishedBefore age: TimeInterval) {
        let now = clock.now()
        trials = trials.filter { _, t in
            (t.status != .stopped && t.status != .graduated) || now.timeIntervalSince(t.decisions.last?.at ?? now) < age
        }
        withheld = withheld.filter { trials[$0] != nil }
    }

    public func checkpoint() throws -> [UInt8] {
        Array(try JSONEncoder().encode(Array(trials.values)))
    }

    public func restore(from checkpoint: [UInt8]?) throws -> UInt64? {
        let list = try checkpoint.map { try JSONDecoder().decode([TrialAudience].self, from: Data($0)) } ?? []
        trials = Dictionary(uniqueKeysWithValues: list.map { ($0.post, $0) })
        reserved = [:]
        withheld = Set(list.filter { $0.status != .graduated }.map(\.post))
        for t in list where t.status == .testing { for u in t.cohort { reserved[u, default: []].insert(t.post) } }
        return nil
    }
}
