import Foundation
import MosaicCore
import Synchronization
import Testing
@testable import MosaicRealtime

@Suite struct TrialAudienceTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func wilsonLowerBoundMatchesKnownValues() {
        #expect(wilsonLowerBound(successes: 0, trials: 0, z: 1.96) == 0)
        #expect(abs(wilsonLowerBound(successes: 50, trials: 100, z: 1.96) - 0.4038) < 1e-4)
        #expect(abs(wilsonLowerBound(successes: 1, trials: 10, z: 1.96) - 0.0179) < 1e-4)
        // More evidence for the same rate raises the bound.
        #expect(wilsonLowerBound(successes: 300, trials: 1000, z: 1.645) > wilsonLowerBound(successes: 3, trials: 10, z: 1.645))
    }

    @Test func countsEachCohortMemberOnceAndOnlyCohortMembers() {
        var t = TrialAudience(post: uid(1), author: uid(2), category: "food", now: start)
        t.begin(cohort: [uid(10), uid(11), uid(2)], now: start)
        #expect(t.cohort == [uid(10), uid(11)])   // never the author
        let first = t.record(user: uid(10), kind: .like)
        let again = t.record(user: uid(10), kind: .like)
        let viewAfterLike = t.record(user: uid(10), kind: .view)   // the like already implied a view
        let outsider = t.record(user: uid(99), kind: .like)
        let save = t.record(user: uid(11), kind: .save)             // saves are not the trial's signal
        #expect(first && !again && !viewAfterLike && !outsider && !save)
        #expect(t.viewers.count == 1 && t.engaged.count == 1)
    }

    /// A deterministic population: each cohort member views with probability 0.8 and, having viewed, likes or
    /// sends with the post's true rate.
    private struct Crowd {
        var state: UInt64
        mutating func chance(_ p: Double) -> Bool {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) < p
        }
    }

    private func registry(clock: ManualClock, policy: TrialPolicy = TrialPolicy()) -> TrialAudienceRegistry {
        let next = Mutex(1)
        return TrialAudienceRegistry(policy: policy, clock: clock, baselineRate: { _ in 0.05 }) { _, size, excluding in
            next.withLock { n in
                var out: [UserID] = []
                while out.count < size { let u = uid(n); n += 1; if !excluding.contains(u) { out.append(u) } }
                return out
            }
        }
    }

    private func simulate(_ reg: TrialAudienceRegistry, _ clock: ManualClock, post: PostID, rate: Double,
                          seed: UInt64) async -> [Int] {
        var crowd = Crowd(state: seed)
        var audiences: [Int] = []
        for _ in 0..<10 {
            guard let t = await reg.trial(post), t.status == .testing else { break }
            for u in t.cohort.sorted() where crowd.chance(0.8) {
                await reg.record(Engagement(userID: u, postID: post, authorID: t.author, kind: .view, at: clock.now()))
                if crowd.chance(rate) {
                    await reg.record(Engagement(userID: u, postID: post, authorID: t.author,
                                                      kind: crowd.chance(0.5) ? .like : .share, at: clock.now()))
                }
            }
            clock.advance(by: 60)
            await reg.advance()
            audiences.append(await reg.trial(post)!.audience)
        }
        return audiences
    }

    @Test func aStrongPostEarnsGrowingCohortsAndAPoorOneIsStopped() async {
        let clock = ManualClock(start)
        var policy = TrialPolicy()
        policy.firstCohort = 20
        policy.growthFactor = 4
        policy.maxRounds = 4
        policy.minimumViews = 10
        let reg = registry(clock: clock, policy: policy)
        let viral = uid(500_001), poor = uid(500_002)
        await reg.start(post: viral, author: uid(3), category: "pets")
        await reg.start(post: poor, author: uid(4), category: "pets")
        #expect(await reg.trial(viral)?.cohortSize == 20)

        let viralAudience = await simulate(reg, clock, post: viral, rate: 0.25, seed: 1)
        #expect(viralAudience == [100, 420, 1_700, 1_700])
        let viralTrial = await reg.trial(viral)!
        #expect(viralTrial.status == .graduated)
        #expect(viralTrial.decisions.map(\.verdict) == [.expand, .expand, .expand, .graduate])
        #expect(viralTrial.decisions.allSatisfy { $0.lowerBound > $0.baseline && $0.reason.contains("beats") })

        let poorAudience = await simulate(reg, clock, post: poor, rate: 0.02, seed: 2)
        #expect(poorAudience == [20])
        let poorTrial = await reg.trial(poor)!
        #expect(poorTrial.status == .stopped)
        #expect(poorTrial.decisions.count == 1)
        #expect(poorTrial.decisions[0].reason.contains("does not beat the pets baseline"))
        #expect(await reg.activeCount == 0)
    }

    @Test func aRoundWithoutViewersTimesOutAndStops() async {
        let clock = ManualClock(start)
        let reg = registry(clock: clock)
        await reg.start(post: uid(7), author: uid(3), category: "art")
        #expect(await reg.advance().isEmpty)   // not ready: nobody has looked yet
        clock.advance(by: 1_801)
        let decisions = await reg.advance()
        #expect(decisions.map(\.verdict) == [.stop])
        #expect(decisions.first?.reason.contains("too little data") == true)
    }

    @Test func reservedSlotsFollowTheCurrentCohort() async throws {
        let clock = ManualClock(start)
        var policy = TrialPolicy()
        policy.firstCohort = 3
        policy.minimumViews = 3
        let reg = registry(clock: clock, policy: policy)
        await reg.start(post: uid(7), author: uid(3), category: "art")
        let members = await reg.trial(uid(7))!.cohort.sorted()
        #expect(members.count == 3)
        #expect(await reg.reservedPosts(for: members[0]) == [uid(7)])
        await reg.record(Engagement(userID: members[0], postID: uid(7), authorID: uid(3), kind: .view, at: start))
        #expect(await reg.reservedPosts(for: members[0]).isEmpty)   // seen: the slot is released
        #expect(await reg.reservedPosts(for: members[1]) == [uid(7)])

        // A checkpoint restores trials and reservations.
        let bytes = try await reg.checkpoint()
        let other = registry(clock: clock, policy: policy)
        _ = try await other.restore(from: bytes)
        #expect(await other.trial(uid(7)) == reg.trial(uid(7)))
        #expect(await other.reservedPosts(for: members[1]) == [uid(7)])
    }
}
