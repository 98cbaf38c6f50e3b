import Foundation
import MosaicCore
import MosaicStore
@testable import MosaicFeed

/// A feed engine over a fresh SQLite store, with a manual clock and helpers to build a small world.
struct FeedFixture {
    let store: SQLiteStore
    let engine: FeedEngine
    let clock: ManualClock
    let ids = IDGenerator()

    init(configure: (inout FeedConfiguration) -> Void = { _ in }) throws {
        let dir = NSTemporaryDirectory() + "mosaic-feed-\(UUID().uuidString)"
        store = try SQLiteStore(directory: dir, synchronousFull: false)
        clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        var config = FeedConfiguration(celebrityThreshold: 5)
        configure(&config)
        engine = FeedEngine(store: store, configuration: config, clock: clock)
    }

    func account(_ name: String, private isPrivate: Bool = false) async throws -> UserID {
        try await store.createAccount(NewAccount(id: ids.next(shard: 1), username: name, passwordHash: "x",
                                                 isPrivate: isPrivate, createdAt: clock.now())).id
    }

    func follow(_ follower: UserID, _ followee: UserID) async throws {
        _ = try await store.follow(follower: follower, followee: followee, edgeID: ids.next(shard: 1), requiresApproval: false, at: clock.now())
        try await engine.followed(follower: follower, followee: followee)
    }

    /// Creates a post through the store and hands it to the engine the way the API does before its 201.
    @discardableResult
    func post(by author: UserID) async throws -> Post {
        clock.advance(by: 1)
        let now = clock.now()
        let m = MediaRecord(id: ids.next(shard: 1), ownerID: author, width: 10, height: 10, variants: ["1080"],
                            placeholder: "", createdAt: now, expiresAt: now.addingTimeInterval(86_400))
        try await store.createMedia(m)
        let p = try await store.createPost(NewPost(id: ids.next(shard: 1), authorID: author, caption: "c", hashtags: [],
                                                   mentions: [], location: nil, taggedUserIDs: [], mediaIDs: [m.id],
                                                   altTexts: [], category: "food", createdAt: now))
        let followers = try await store.user(id: author)?.followerCount ?? 0
        try await engine.postCreated(p, authorFollowers: followers)
        return p
    }

    func feed(_ viewer: UserID, limit: Int = 50, chronological: Bool = true) async throws -> [PostID] {
        try await engine.page(viewer: viewer, cursor: [], limit: limit, chronological: chronological).posts.map(\.id)
    }

    /// Persisted timeline rows for `post` (the store's primary key allows at most one per reader).
    func rows(of post: PostID, readers: [UserID]) async throws -> Int {
        var n = 0
        for r in readers where try await store.timeline(user: r, limit: 10_000).contains(where: { $0.postID == post }) { n += 1 }
        return n
    }
}
