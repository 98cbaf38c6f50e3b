import Foundation
import MosaicCore
import MosaicML
import MosaicStore
import Testing
@testable import MosaicFeed

/// The read path's in-memory inputs: pull authors' newest posts and the ranker's reader and author signals.
/// Each must stay exact under the writes that change it.
@Suite struct FeedCacheTests {
    @Test func pulledPostsComeFromMemoryAndStayExactWhenPagingPastTheCachedDepth() async throws {
        // Lists hold 4 posts per author, so paging through 11 of them needs the store below the fourth.
        let f = try FeedFixture { $0.celebrityThreshold = 2; $0.timelineCapacity = 4 }
        let star = try await f.account("star"), fan = try await f.account("fan"), other = try await f.account("other")
        try await f.follow(fan, star); try await f.follow(other, star)
        var made: [PostID] = []
        for _ in 0..<11 { made.append(try await f.post(by: star).id) }
        var seen: [PostID] = []
        var cursor: [UInt64] = []
        while true {
            let page = try await f.engine.page(viewer: fan, cursor: cursor, limit: 3, chronological: true)
            seen += page.posts.map(\.id)
            guard let next = page.next else { break }
            cursor = next
        }
        #expect(seen == made.reversed(), "every post once, newest first")
        let cached = try #require(f.engine.authorPosts.peek(star))
        #expect(cached.entries.map(\.postID) == Array(made.suffix(4)) && !cached.complete)

        let fresh = try await f.post(by: star)
        #expect(f.engine.authorPosts.peek(star) == nil, "a new post makes the cached list stale")
        #expect(try await f.feed(fan, limit: 1) == [fresh.id])
        _ = try await f.store.deletePost(id: fresh.id, author: star, at: f.clock.now())
        try await f.engine.postDeleted(fresh.id, author: star)
        #expect(try await f.feed(fan, limit: 1) == [made[10]])
    }

    @Test func relationshipCountsAreOneToOneMessagesBothWaysAndProfileVisits() async throws {
        let f = try FeedFixture()
        let r = try await f.account("r"), a = try await f.account("a"), b = try await f.account("b")
        try await message(f, from: [r, r, a], among: [r, a])
        try await message(f, from: [r, b, a], among: [r, a, b])          // a group thread counts for no one
        try await f.store.recordProfileVisit(viewer: r, profile: a, at: f.clock.now())
        try await f.store.recordProfileVisit(viewer: r, profile: a, at: f.clock.now())
        try await f.store.recordProfileVisit(viewer: a, profile: r, at: f.clock.now())   // the other direction
        let counts = try await f.store.relationshipCounts(viewer: r, since: f.clock.now().addingTimeInterval(-3_600))
        #expect(counts == [a: RelationshipCount(messages: 3, profileVisits: 2)])
        let later = try await f.store.relationshipCounts(viewer: r, since: f.clock.now().addingTimeInterval(1))
        #expect(later == [a: RelationshipCount(messages: 0, profileVisits: 2)], "messages older than the lookback do not count")
    }

    @Test func importedThreadsVisitsAndSharesAreReadLikeLiveOnes() async throws {
        let f = try FeedFixture()
        let r = try await f.account("r"), a = try await f.account("a")
        let at = f.clock.now()
        let thread = DirectThread(id: f.ids.next(shard: 1), participants: [r, a], createdAt: at)
        let sent = [r, a, a].enumerated().map { i, s in
            DirectMessage(id: f.ids.next(shard: 1), threadID: thread.id, senderID: s, clientID: "w\(i)", text: "hey \(i)", createdAt: at)
        }
        try await f.store.importDirectThreads([(thread, sent)])
        try await f.store.importProfileVisits([(viewer: r, profile: a, visits: 4, lastAt: at)])
        try await f.store.recordProfileVisit(viewer: r, profile: a, at: at)
        let counts = try await f.store.relationshipCounts(viewer: a, since: at.addingTimeInterval(-60))
        #expect(counts == [r: RelationshipCount(messages: 3, profileVisits: 0)])
        #expect(try await f.store.relationshipCounts(viewer: r, since: at.addingTimeInterval(-60))[a]?.profileVisits == 5)
        let inbox = try await f.store.inbox(user: r, page: PageRequest(limit: 10))
        #expect(inbox.items.map(\.thread.id) == [thread.id] && inbox.items[0].unreadCount == 0)
        #expect(inbox.items[0].thread.lastPreview == "hey 2")
        let post = try await f.post(by: a)
        try await f.store.importShares([(user: r, post: post.id, at: f.clock.now())])
        #expect(try await f.store.engagementTallies(viewer: r, since: at).map(\.shares) == [1], "imported shares are tallied")
        // A live message lands in the same thread, after the imported history.
        let live = try await f.store.findOrCreateThread(newID: f.ids.next(shard: 1), participants: [a, r], at: at)
        #expect(!live.created && live.thread.id == thread.id)
    }

    @Test func rankingSignalsReachTheFeaturesAndFollowTheWritePath() async throws {
        let f = try FeedFixture()
        let r = try await f.account("r"), a = try await f.account("a")
        let post = try await f.post(by: a)
        try await message(f, from: [a, r], among: [r, a])
        try await f.store.recordProfileVisit(viewer: r, profile: a, at: f.clock.now())
        let cache = f.engine.rankingSignals
        var reader = try await cache.reader(r, now: f.clock.now(), store: f.store)
        var s = ModelFeedScorer.signals(reader: reader, author: nil, post: post, now: f.clock.now())
        #expect(s.messagesWithAuthor == 2 && s.profileVisitsToAuthor == 1 && s.likesOfAuthor == 0)
        var row = [Float](repeating: -1, count: FeedFeatures.count)
        row.withUnsafeMutableBufferPointer { FeedFeatures.write(s, into: $0.baseAddress!) }
        #expect(row[FeedFeatures.names.firstIndex(of: "rel_messages")!] == log1pf(2))
        #expect(row[FeedFeatures.names.firstIndex(of: "rel_profile_visits")!] == log1pf(1))

        _ = try await f.store.like(user: r, post: post.id, at: f.clock.now())
        reader = try await cache.reader(r, now: f.clock.now(), store: f.store)
        #expect(reader.byAuthor[a]?[0] == 0, "cached until the write path says otherwise")
        f.engine.engaged(user: r, post: post.id)
        reader = try await cache.reader(r, now: f.clock.now(), store: f.store)
        s = ModelFeedScorer.signals(reader: reader, author: nil, post: post, now: f.clock.now())
        #expect(s.likesOfAuthor == 1 && s.categoryShare == 1 && s.readerActions == 1)

        try await f.store.recordProfileVisit(viewer: r, profile: a, at: f.clock.now())   // no hook: refreshed by age
        f.clock.advance(by: cache.maxAge + 1)
        reader = try await cache.reader(r, now: f.clock.now(), store: f.store)
        #expect(reader.byAuthor[a]?[5] == 2)

        let fan = try await f.account("fan")
        #expect(try await cache.authors([a], store: f.store)[a]?.followers == 0)
        try await f.follow(fan, a)
        #expect(try await cache.authors([a], store: f.store)[a]?.followers == 1, "a follow refreshes the author's count")
    }

    /// Messages in the thread of `among`, sent in turn by `from`.
    func message(_ f: FeedFixture, from senders: [UserID], among people: [UserID]) async throws {
        let thread = try await f.store.findOrCreateThread(newID: f.ids.next(shard: 1), participants: people, at: f.clock.now()).thread
        for (i, s) in senders.enumerated() {
            _ = try await f.store.send(DirectMessage(id: f.ids.next(shard: 1), threadID: thread.id, senderID: s,
                                                     clientID: "m\(i)", text: "hi", createdAt: f.clock.now()))
        }
    }
}
