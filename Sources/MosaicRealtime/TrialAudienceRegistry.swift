import Foundation
import MosaicCore

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
    private var trials: [PostID: TrialAudience] = [:]
    /// user → posts whose current cohort includes them: Explore's reserved trial slots.
    private var reserved: [UserID: Set<PostID>] = [:]

    public init(policy: TrialPolicy = TrialPolicy(), clock: any MosaicClock,
                baselineRate: @escaping BaselineRate, selectCohort: @escaping CohortSelector) {
        self.policy = policy
        self.clock = clock
        self.baselineRate = baselineRate
        self.selectCohort = selectCohort
    }

    /// Starts a trial for a new post and picks its first cohort. Starting an existing trial returns it as is.
    @discardableResult
    public func start(post: PostID, author: UserID, category: String) async -> TrialAudience {
        if let t = trials[post] { return t }
        trials[post] = TrialAudience(post: post, author: author, category: category, policy: policy, now: clock.now())
        await fillCohort(post)
        return trials[post]!
    }

    public func trial(_ post: PostID) -> TrialAudience? { trials[post] }
    public func decisions(_ post: PostID) -> [TrialDecision] { trials[post]?.decisions ?? [] }
    public var activeCount: Int { trials.values.filter { $0.status == .testing || $0.status == .waitingForCohort }.count }

    /// Posts for which `user` is in the current cohort and has not viewed yet: the slots Explore reserves.
    public func reservedPosts(for user: UserID) -> [PostID] {
        (reserved[user] ?? []).filter { trials[$0].map { !$0.viewers.contains(user) } ?? false }.sorted()
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
            taken.append(d)
            if d.verdict == .expand { expand.append(post) }
        }
        for post in expand { await fillCohort(post) }
        return taken
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
    }

    public func checkpoint() throws -> [UInt8] {
        Array(try JSONEncoder().encode(Array(trials.values)))
    }

    public func restore(from checkpoint: [UInt8]?) throws -> UInt64? {
        let list = try checkpoint.map { try JSONDecoder().decode([TrialAudience].self, from: Data($0)) } ?? []
        trials = Dictionary(uniqueKeysWithValues: list.map { ($0.post, $0) })
        reserved = [:]
        for t in list where t.status == .testing { for u in t.cohort { reserved[u, default: []].insert(t.post) } }
        return nil
    }
}
