import Foundation
import MosaicCore

/// The knobs of the trial-audience loop. Defaults: a first cohort of 50 non-followers, 5× larger cohorts while
/// the rate's 95 % lower bound beats the category baseline, at most 5 rounds (50 → 250 → 1,250 → 6,250 →
/// 31,250), then the post graduates into ordinary distribution.
public struct TrialPolicy: Sendable, Codable, Equatable {
    public var firstCohort = 50
    public var growthFactor = 5.0
    public var maxRounds = 5
    /// A round is decided once this share of its cohort has viewed the post, and at least `minimumViews`…
    public var viewedShareToDecide = 0.6
    public var minimumViews = 20
    /// …or when this much time has passed since the round began.
    public var roundTimeout: TimeInterval = 1800
    /// z of the one-sided Wilson lower bound (1.645 → 95 %).
    public var confidenceZ = 1.645
    /// The lower bound must exceed `baseline × baselineMultiplier` to earn the next cohort.
    public var baselineMultiplier = 1.0
    /// The category baseline used when the category has too little history.
    public var defaultBaselineRate = 0.05
    public init() {}
}

/// One step of the loop, with everything needed to explain it.
public struct TrialDecision: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable { case expand, stop, graduate }
    public var round: Int
    public var cohortSize: Int
    public var views: Int
    /// Viewers in the cohort who liked or sent (shared) the post.
    public var engaged: Int
    public var rate: Double
    public var lowerBound: Double
    public var baseline: Double
    public var verdict: Verdict
    public var nextCohortSize: Int
    public var reason: String
    public var at: Date
}

/// The Wilson score interval's lower bound for `successes` out of `trials`: a rate that is unlikely to be
/// overstated, so 3 likes out of 4 views does not beat 300 out of 1,000. 0 when there are no trials.
public func wilsonLowerBound(successes: Int, trials: Int, z: Double) -> Double {
    guard trials > 0 else { return 0 }
    let n = Double(trials), p = Double(min(successes, trials)) / n, z2 = z * z
    let centre = p + z2 / (2 * n)
    let margin = z * ((p * (1 - p) + z2 / (4 * n)) / n).squareRoot()
    return max(0, (centre - margin) / (1 + z2 / n))
}

/// One post's trial: a pure state machine (no I/O, no clock of its own), driven by `TrialAudienceRegistry`.
///
/// Rounds: `begin(cohort:)` exposes the post to a cohort; `record` counts the cohort's views and likes/sends
/// (each user once, so a user liking twice is one success, and a like implies a view); `isReady` says when the
/// round has enough data or has timed out; `decide` compares the Wilson lower bound of the rate with the
/// category baseline and either asks for a cohort `growthFactor` times larger, stops, or graduates.
public struct TrialAudience: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case waitingForCohort, testing, stopped, graduated }

    public let post: PostID
    public let author: UserID
    public let category: String
    public let policy: TrialPolicy
    public private(set) var status: Status = .waitingForCohort
    /// 1-based; 0 before the first cohort.
    public private(set) var round = 0
    public private(set) var cohortSize = 0
    public private(set) var cohort: Set<UserID> = []
    /// Everyone ever given the post through the trial: never picked twice.
    public private(set) var exposed: Set<UserID> = []
    public private(set) var viewers: Set<UserID> = []
    public private(set) var engaged: Set<UserID> = []
    public private(set) var roundStartedAt: Date
    public private(set) var decisions: [TrialDecision] = []
    /// The cohort size the next round asks for (the first cohort before round 1).
    public private(set) var requestedCohort: Int

    public init(post: PostID, author: UserID, category: String, policy: TrialPolicy = TrialPolicy(), now: Date) {
        self.post = post; self.author = author; self.category = category; self.policy = policy
        roundStartedAt = now
        requestedCohort = policy.firstCohort
    }

    /// Total users exposed across rounds: the post's trial audience so far.
    public var audience: Int { exposed.count }

    /// Starts the next round with `members` (the selector's picks, excluding `exposed`). An empty cohort stops
    /// the trial: nobody is left to ask.
    public mutating func begin(cohort members: [UserID], now: Date) {
        guard status == .waitingForCohort else { return }
        let fresh = members.filter { !exposed.contains($0) && $0 != author }
        guard !fresh.isEmpty else {
            // After a round that earned expansion, running out of people means everyone eligible has been
            // offered the post and liked it enough: it graduates rather than being punished for a small audience.
            if decisions.last?.verdict == .expand {
                status = .graduated
                decisions.append(TrialDecision(round: round, cohortSize: 0, views: 0, engaged: 0, rate: 0, lowerBound: 0,
                                               baseline: 0, verdict: .graduate, nextCohortSize: 0,
                                               reason: "every eligible user has been offered it after a winning round; graduates",
                                               at: now))
                return
            }
            status = .stopped
            decisions.append(TrialDecision(round: round + 1, cohortSize: 0, views: 0, engaged: 0, rate: 0, lowerBound: 0,
                                           baseline: 0, verdict: .stop, nextCohortSize: 0,
                                           reason: "no eligible users left for a cohort", at: now))
            return
        }
        round += 1
        cohort = Set(fresh)
        cohortSize = cohort.count
        exposed.formUnion(cohort)
        viewers = []; engaged = []
        roundStartedAt = now
        status = .testing
    }

    /// Counts one event of a cohort member on this post; returns whether it changed the round's numbers.
    @discardableResult
    public mutating func record(user: UserID, kind: Engagement.Kind) -> Bool {
        guard status == .testing, cohort.contains(user) else { return false }
        switch kind {
        case .view, .dwell:
            return viewers.insert(user).inserted
        case .like, .share:
            let v = viewers.insert(user).inserted
            return engaged.insert(user).inserted || v
        default:
            return false
        }
    }

    public func isReady(now: Date) -> Bool {
        guard status == .testing else { return false }
        let needed = max(policy.minimumViews, Int((policy.viewedShareToDecide * Double(cohortSize)).rounded(.up)))
        return viewers.count >= min(needed, cohortSize) || now.timeIntervalSince(roundStartedAt) >= policy.roundTimeout
    }

    /// Closes the round against the category's baseline rate (likes+sends per view); nil uses the policy's default.
    @discardableResult
    public mutating func decide(baselineRate: Double?, now: Date) -> TrialDecision? {
        guard status == .testing else { return nil }
        let baseline = (baselineRate ?? policy.defaultBaselineRate) * policy.baselineMultiplier
        let n = viewers.count, k = engaged.count
        let rate = n > 0 ? Double(k) / Double(n) : 0
        let lb = wilsonLowerBound(successes: k, trials: n, z: policy.confidenceZ)
        let pct = { (x: Double) in String(format: "%.1f%%", x * 100) }
        var verdict: TrialDecision.Verdict
        var reason: String
        var next = 0
        if n < min(policy.minimumViews, cohortSize) {
            verdict = .stop
            reason = "only \(n) of \(cohortSize) viewed within \(Int(policy.roundTimeout))s; too little data to expand"
        } else if lb <= baseline {
            verdict = .stop
            reason = "rate \(pct(rate)) (\(k)/\(n)), lower bound \(pct(lb)) does not beat the \(category.isEmpty ? "overall" : category) baseline \(pct(baseline))"
        } else if round >= policy.maxRounds {
            verdict = .graduate
            reason = "lower bound \(pct(lb)) beats baseline \(pct(baseline)) in the last trial round; graduates to general distribution"
        } else {
            verdict = .expand
            next = Int((Double(cohortSize) * policy.growthFactor).rounded())
            reason = "lower bound \(pct(lb)) (\(k)/\(n)) beats baseline \(pct(baseline)); next cohort \(next)"
        }
        let d = TrialDecision(round: round, cohortSize: cohortSize, views: n, engaged: k, rate: rate, lowerBound: lb,
                              baseline: baseline, verdict: verdict, nextCohortSize: next, reason: reason, at: now)
        decisions.append(d)
        switch verdict {
        case .expand: status = .waitingForCohort; requestedCohort = next
        case .stop: status = .stopped
        case .graduate: status = .graduated
        }
        cohort = []
        return d
    }
}
