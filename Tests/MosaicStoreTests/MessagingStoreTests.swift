import Foundation
import Testing
import MosaicCore
import MosaicStore

typealias MessagingStore = AccountStore & PostStore & DirectStore & NotificationStore & StoryStore & SearchStore

extension StoreFixture {
    /// The same store seen through the messaging, story and search protocols.
    var messaging: any MessagingStore { store as! any MessagingStore }
}

/// Conformance for direct messages, notifications, stories and search indexes.
@Suite struct MessagingStoreTests {
    @Test(arguments: Engine.allCases) func threadsAreIdentifiedByTheirPeopleAndSendsAreIdempotent(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let s = f.messaging
        let a = try await f.account("ann"), b = try await f.account("ben")
        let (t, created) = try await s.findOrCreateThread(newID: f.ids.next(shard: 1), participants: [a.id, b.id], at: f.now)
        #expect(created)
        let (again, createdAgain) = try await s.findOrCreateThread(newID: f.ids.next(shard: 1), participants: [b.id, a.id, b.id], at: f.now)
        #expect(!createdAgain && again.id == t.id)
        let m = DirectMessage(id: f.ids.next(shard: 1), threadID: t.id, senderID: a.id, clientID: "c", text: "hi", createdAt: f.now)
        #expect(try await s.send(m).created)
        var retry = m
        retry.id = f.ids.next(shard: 1)
        let second = try await s.send(retry)
        #expect(!second.created && second.message.id == m.id)
        #expect(try await s.messages(thread: t.id, page: PageRequest()).items.map(\.id) == [m.id])
        #expect(try await s.inbox(user: b.id, page: PageRequest()).items.first?.unreadCount == 1)
        try await s.markRead(thread: t.id, user: b.id, upTo: m.id)
        try await s.markRead(thread: t.id, user: b.id, upTo: MosaicID(rawValue: 1))
        #expect(try await s.inbox(user: b.id, page: PageRequest()).items.first?.unreadCount == 0)
        #expect(try await s.readMarkers(thread: t.id)[b.id] == m.id, "read markers never move back")
        #expect(try await s.directMessageCounts(from: a.id, to: [b.id]) == [b.id: 1])
    }

    @Test(arguments: Engine.allCases) func notificationsDeduplicateAndAggregateWithinTheWindow(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let s = f.messaging
        let owner = try await f.account("owner"), x = try await f.account("x"), y = try await f.account("y")
        func like(_ u: User, at: Date) async throws -> NotificationRecord? {
            try await s.recordNotification(NotificationEvent(recipient: owner.id, actor: u.id, type: "like", dedupeKey: "like:p:\(u.id)",
                                                             groupKey: "like:p", at: at),
                                           newID: f.ids.next(shard: 1), sortKey: f.ids.next(shard: 1), window: 3600)
        }
        let first = try #require(try await like(x, at: f.now))
        #expect(try await like(x, at: f.now.addingTimeInterval(5)) == nil)
        let merged = try #require(try await like(y, at: f.now.addingTimeInterval(10)))
        #expect(merged.id == first.id && merged.actorCount == 2 && merged.actors == [y.id, x.id])
        let z = try await f.account("z")
        let late = try #require(try await like(z, at: f.now.addingTimeInterval(7200)))
        #expect(late.id != first.id && late.actorCount == 1)
        #expect(try await s.notifications(user: owner.id, page: PageRequest()).items.map(\.id) == [late.id, first.id])
        #expect(try await s.markNotificationsRead(user: owner.id) == 2)
        #expect(try await s.unreadNotificationCount(user: owner.id) == 0)
    }

    @Test(arguments: Engine.allCases) func storiesExpireAndReleaseTheirMedia(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let s = f.messaging
        let a = try await f.account("ann")
        let m = try await f.media(owner: a)
        let story = Story(id: f.ids.next(shard: 1), authorID: a.id, mediaID: m.id, mediaType: "image", replyEnabled: true,
                          createdAt: f.now, expiresAt: f.now.addingTimeInterval(86_400))
        #expect(try await s.createStory(story))
        var other = story
        other.id = f.ids.next(shard: 1)
        #expect(try await s.createStory(other) == false, "media is claimed once")
        #expect(try await s.story(id: story.id, now: f.now.addingTimeInterval(86_399)) != nil)
        #expect(try await s.story(id: story.id, now: f.now.addingTimeInterval(86_400)) == nil)
        let later = f.now.addingTimeInterval(86_400 + 3601)
        #expect(try await s.sweepStories(expiredBefore: later.addingTimeInterval(-3600), now: later, limit: 10) == [m.id])
        #expect(try await s.expiredMedia(now: later.addingTimeInterval(1), limit: 10).map(\.id).contains(m.id))
    }

    /// Both shapes of a username prefix (a narrow range walked whole; a broad one read from the most followed down)
    /// return the most followed matches, and long full-name words are matched whole.
    @Test(arguments: Engine.allCases) func prefixSearchFindsTheMostFollowedInNarrowAndBroadRanges(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let users = (0..<6_000).map { i in
            User(id: f.ids.next(shard: 1), username: (i % 2 == 0 ? "aa" : "ab") + String(format: "%04d", i),
                 fullName: i % 3 == 0 ? "Jan Kowalski" : "Jan Kowalczyk", followerCount: (i * 7_919) % 6_000,
                 createdAt: f.now, lastActiveAt: f.now)
        }
        try await (f.store as! any BulkImportStore).importUsers(users, passwordHash: "x")
        let top = { (prefix: String, n: Int) in
            users.filter { $0.username.hasPrefix(prefix) }.sorted { $0.followerCount > $1.followerCount }.prefix(n).map(\.username)
        }
        #expect(try await f.messaging.usersByPrefix("a", limit: 5).map(\.username) == top("a", 5))     // 6,000 match: broad
        #expect(try await f.messaging.usersByPrefix("aa", limit: 5).map(\.username) == top("aa", 5))   // 3,000: narrow
        #expect(try await f.messaging.usersByPrefix("ab00", limit: 3).map(\.username) == top("ab00", 3))
        let kowalski = try await f.messaging.usersByPrefix("kowalski", limit: 2_000)
        #expect(!kowalski.isEmpty && kowalski.allSatisfy { $0.fullName == "Jan Kowalski" })
        #expect(try await f.messaging.usersByPrefix("kowalc", limit: 10).allSatisfy { $0.fullName == "Jan Kowalczyk" })
        // The first narrow range: "a" and "aa" hold 6,000 and 3,000 accounts, "aa00" 50.
        let narrow = try await f.messaging.usersInFirstNarrowRange(["a", "aa", "aa0", "aa00"], atMost: 256)
        #expect(narrow?.prefixIndex == 3 && narrow?.users.count == 50 && narrow?.users.allSatisfy { $0.username.hasPrefix("aa00") } == true)
        #expect(try await f.messaging.usersInFirstNarrowRange(["a", "aa"], atMost: 256) == nil)
    }

    @Test(arguments: Engine.allCases) func searchIndexesFollowTheirSources(engine: Engine) async throws {
        let f = try StoreFixture(engine)
        let s = f.messaging
        let a = try await f.account("maria_lopez")
        _ = try await f.account("mario")
        _ = try await f.store.updateProfile(id: a.id, ProfileChanges(fullName: "Maria Lopez"), at: f.now)
        #expect(Set(try await s.usersByPrefix("mari", limit: 10).map(\.username)) == ["maria_lopez", "mario"])
        #expect(try await s.usersByPrefix("lop", limit: 10).map(\.username) == ["maria_lopez"])
        #expect(try await s.usersByUsernamePrefixes(["marai", "maria_l"], perPrefix: 5).map(\.username) == ["maria_lopez"])
        // A rename moves the account in both indexes.
        _ = try await f.store.updateProfile(id: a.id, ProfileChanges(fullName: "Maria Gomez"), at: f.now)
        #expect(try await s.usersByPrefix("lop", limit: 10).map(\.username) == ["maria_lopez"])
        #expect(try await s.usersByPrefix("gom", limit: 10).map(\.username) == ["maria_lopez"])
        // The viewer's follows, with the names search matches against.
        let viewer = try await f.account("viewer")
        #expect(try await s.followedAccounts(of: viewer.id, limit: 10).isEmpty)
        _ = try await f.store.follow(follower: viewer.id, followee: a.id, edgeID: f.ids.next(shard: 1), requiresApproval: false, at: f.now)
        let followed = try await s.followedAccounts(of: viewer.id, limit: 10)
        #expect(followed.map(\.username) == ["maria_lopez"] && followed.first?.fullName == "Maria Gomez")
        let p = try await f.post(by: a, caption: "#Sun #sunset")
        _ = try await f.post(by: a, caption: "#sunset")
        #expect(try await s.hashtags(prefix: "sun", limit: 10).map { "\($0.name):\($0.postCount)" } == ["sunset:2", "sun:1"])
        _ = try await f.store.deletePost(id: p.id, author: a.id, at: f.now)
        #expect(try await s.hashtags(prefix: "sun", limit: 10).map { "\($0.name):\($0.postCount)" } == ["sunset:1"])
    }
}
