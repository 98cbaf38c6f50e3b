import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

@Suite struct TrendDetectorTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// Feeds `count` likes on `post` evenly over `seconds`, moving the clock with them.
    private func likes(_ d: TrendDetector, _ clock: ManualClock, post: PostID, author: UserID, category: String,
                       count: Int, over seconds: Double, firstUser: Int = 0) {
        for i in 0..<count {
            clock.advance(by: seconds / Double(count))
            d.observe(Engagement(userID: uid(firstUser + i), postID: post, authorID: author, kind: .like,
                                       category: category, at: clock.now()))
        }
    }

    /// Two hours of a big account's ordinary traffic (about 300 engagements per 5 minutes over 12 posts),
    /// interleaved with a trickle on a small account (about one like every 10 minutes).
    private func warmUp(_ d: TrendDetector, _ clock: ManualClock, big: UserID, bigPosts: [PostID],
                        small: UserID, smallOld: PostID) {
        for minute in 0..<120 {
            for i in 0..<60 {
                clock.advance(by: 1)
                let post = bigPosts[(minute * 60 + i) % bigPosts.count]
                d.observe(Engagement(userID: uid(i), postID: post, authorID: big, kind: .like,
                                           category: "sports", at: clock.now()))
            }
            if minute % 10 == 0 {
                d.observe(Engagement(userID: uid(500), postID: smallOld, authorID: small, kind: .like,
                                           category: "pets", at: clock.now()))
            }
        }
    }

    @Test func aBurstOnASmallAccountTrendsButTheBigAccountsNormalTrafficDoesNot() {
        let clock = ManualClock(start)
        let d = TrendDetector(clock: clock)
        let big = uid(1), small = uid(2)
        let bigPosts = (0..<12).map { postID(at: start.addingTimeInterval(Double($0) * 60), 100 + $0) }
        let smallOld = postID(at: start, 200)
        warmUp(d, clock, big: big, bigPosts: bigPosts, small: small, smallOld: smallOld)
        #expect(d.baseline(creator: big) > 200)
        #expect(d.baseline(creator: small) < 1.5)
        // Big account, normal traffic: nothing trends although its posts have the most engagements.
        #expect(d.trends(now: clock.now()).isEmpty)

        // A fresh post on each account gets the same absolute burst: 60 likes in 3 minutes.
        let smallNew = postID(at: clock.now(), 300), bigNew = postID(at: clock.now(), 301)
        likes(d, clock, post: smallNew, author: small, category: "pets", count: 60, over: 180)
        likes(d, clock, post: bigNew, author: big, category: "sports", count: 60, over: 180, firstUser: 1000)
        let trends = d.trends(now: clock.now())
        #expect(trends.map(\.post) == [smallNew])
        #expect(trends.first?.category == "pets")
        #expect((trends.first?.velocity ?? 0) > 5)
        #expect(trends.first?.engagements == 60)
        #expect(d.trending(now: clock.now()).first?.post == smallNew)
        #expect(d.trends(category: "sports", now: clock.now()).isEmpty)
    }

    @Test func staleEntriesExpireUnlessTheBurstContinues() {
        let clock = ManualClock(start)
        let d = TrendDetector(clock: clock)
        let a = postID(at: start, 1), b = postID(at: start, 2)
        likes(d, clock, post: a, author: uid(1), category: "food", count: 30, over: 60)
        likes(d, clock, post: b, author: uid(2), category: "travel", count: 30, over: 60)
        #expect(Set(d.trends(now: clock.now()).map(\.post)) == [a, b])
        // Only `a` keeps going; `b` goes quiet.
        for _ in 0..<4 { likes(d, clock, post: a, author: uid(1), category: "food", count: 20, over: 60) }
        clock.advance(by: 90)
        #expect(d.trends(now: clock.now()).map(\.post) == [a])
        clock.advance(by: 300)
        #expect(d.trends(now: clock.now()).isEmpty)
        d.expire(now: clock.now())
        #expect(d.trending(now: clock.now()).isEmpty)
    }

    @Test func postsOlderThanTwoHoursDoNotTrend() {
        let clock = ManualClock(start.addingTimeInterval(3 * 3600))
        let d = TrendDetector(clock: clock)
        let old = postID(at: start, 1)
        likes(d, clock, post: old, author: uid(1), category: "art", count: 100, over: 120)
        #expect(d.trends(now: clock.now()).isEmpty)
        #expect(d.windowEngagements(post: old) >= 100)   // counted, just not eligible
    }

    @Test func fewEngagementsAreNoiseEvenAtAHighRatio() {
        let clock = ManualClock(start)
        let d = TrendDetector(clock: clock)
        let p = postID(at: start, 1)
        likes(d, clock, post: p, author: uid(1), category: "art", count: 9, over: 60)
        #expect(d.trends(now: clock.now()).isEmpty)
        likes(d, clock, post: p, author: uid(1), category: "art", count: 1, over: 1)
        #expect(d.trends(now: clock.now()).map(\.post) == [p])
    }

    @Test func seededBaselinesAndTheThresholdAreConfigurable() {
        let clock = ManualClock(start)
        var config = TrendDetector.Configuration()
        config.ratioThreshold = 20
        let d = TrendDetector(configuration: config, clock: clock)
        d.seedBaseline(creator: uid(1), engagementsPerWindow: 4)
        let p = postID(at: start, 1)
        likes(d, clock, post: p, author: uid(1), category: "art", count: 60, over: 120)
        #expect(d.trends(now: clock.now()).isEmpty)   // 60 / 4 = 15 < 20
        likes(d, clock, post: p, author: uid(1), category: "art", count: 30, over: 60)
        #expect(d.trends(now: clock.now()).first?.velocity == 90.0 / 4)
    }

    @Test func manyPostsCompeteForABoundedCandidateSet() {
        let clock = ManualClock(start)
        var config = TrendDetector.Configuration()
        config.candidateCapacity = 8
        config.sketchWidth = 256
        let d = TrendDetector(configuration: config, clock: clock)
        // 200 posts with a like each, then one post with a real burst: it must still get in and trend.
        for i in 0..<200 { likes(d, clock, post: postID(at: start, 1000 + i), author: uid(10 + i), category: "music", count: 1, over: 0.2) }
        #expect(d.candidateCount == 8)
        let hot = postID(at: start, 7)
        likes(d, clock, post: hot, author: uid(3), category: "music", count: 40, over: 60)
        #expect(d.trends(now: clock.now()).map(\.post) == [hot])
        #expect(d.windowEngagements(post: hot) >= 40 && d.windowEngagements(post: hot) <= 41)
    }

    @Test func checkpointRestoresTheSameState() throws {
        let clock = ManualClock(start)
        let d = TrendDetector(clock: clock)
        let p = postID(at: start, 1)
        likes(d, clock, post: p, author: uid(1), category: "food", count: 40, over: 100)
        let bytes = d.checkpoint()
        let e = TrendDetector(clock: clock)
        _ = try e.restore(from: bytes)
        #expect(e.trends(now: clock.now()) == d.trends(now: clock.now()))
        #expect(e.baseline(creator: uid(1)) == d.baseline(creator: uid(1)))
        #expect(e.windowEngagements(post: p) == 40)
        // Both continue identically.
        likes(d, clock, post: p, author: uid(1), category: "food", count: 5, over: 5)
        clock.advance(by: -5)
        likes(e, clock, post: p, author: uid(1), category: "food", count: 5, over: 5)
        #expect(e.checkpoint() == d.checkpoint() || e.trends(now: clock.now()) == d.trends(now: clock.now()))
        #expect(e.windowEngagements(post: p) == 45)
    }
}
