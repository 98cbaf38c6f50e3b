import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

@Suite struct SessionContextTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    private func event(_ user: Int, post: Int, _ kind: Engagement.Kind, _ category: String, at t: Double) -> Engagement {
        Engagement(userID: uid(user), postID: MosaicID(rawValue: UInt64(50_000 + post)), authorID: uid(9),
                         kind: kind, category: category, at: start.addingTimeInterval(t))
    }

    @Test func keepsTheLastTwentyActionsNewestFirstWithoutImpressions() {
        let s = SessionContext()
        for i in 0..<30 { s.record(event(1, post: i, .like, "food", at: Double(i))) }
        for i in 0..<5 { s.record(event(1, post: 100 + i, .impression, "food", at: 100)) }
        s.record(event(2, post: 7, .save, "pets", at: 5))
        let recent = s.recent(uid(1))
        #expect(recent.count == 20)
        #expect(recent.map(\.post.rawValue) == (10..<30).reversed().map { UInt64(50_000 + $0) })
        #expect(s.actionCount(uid(1)) == 30)
        #expect(s.recent(uid(2)).map(\.kind) == [.save])
        #expect(s.recent(uid(3)).isEmpty)
    }

    @Test func categoryInterestsWeighStrongActionsAndPenaliseHides() {
        let s = SessionContext()
        s.record(event(1, post: 1, .view, "food", at: 0))
        s.record(event(1, post: 2, .hide, "food", at: 10))
        s.record(event(1, post: 3, .share, "pets", at: 20))
        s.record(event(1, post: 4, .like, "travel", at: 30))
        s.record(event(1, post: 5, .view, "travel", at: 40))
        let interests = s.categoryInterests(uid(1), now: start.addingTimeInterval(60))
        #expect(interests.map(\.category) == ["pets", "travel"])
        #expect(abs(interests.map(\.weight).reduce(0, +) - 1) < 1e-9)
        // An hour later the older signals have decayed relative to a new one.
        s.record(event(1, post: 6, .save, "travel", at: 3_600))
        #expect(s.categoryInterests(uid(1), now: start.addingTimeInterval(3_600)).first?.category == "travel")
    }

    @Test func forgetsTheLeastRecentlyActiveUsersPastTheBound() {
        let s = SessionContext(capacity: 4, maxUsers: 100)
        for u in 0..<101 { s.record(event(u, post: u, .like, "art", at: Double(u))) }
        #expect(s.recent(uid(0)).isEmpty)
        #expect(s.recent(uid(100)).count == 1)
    }

    @Test func survivesARestartThroughItsConsumer() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try await log.append((0..<25).map { event(1, post: $0, .like, "food", at: Double($0)) })
        do {
            let s = SessionContext()
            let c = try await EventConsumer(name: "session", log: log, projection: s, batchSize: 10, commitEvery: 10)
            try await c.poll(); try await c.poll(); try await c.poll()   // 30 asked, 25 exist; committed at 20
        }
        let s = SessionContext()
        let c = try await EventConsumer(name: "session", log: log, projection: s)
        try await c.catchUp()
        #expect(s.actionCount(uid(1)) == 25)
        #expect(s.recent(uid(1)).map(\.post.rawValue) == (5..<25).reversed().map { UInt64(50_000 + $0) })
    }
}
