import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Every storage engine under test. The conformance suite runs each test once per engine, so a new engine
/// (PostgreSQL) passes exactly the same checks as the embedded default.
enum Engine: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    var testDescription: String { rawValue }
}

typealias FullStore = AccountStore & GraphStore & PostStore & EngagementStore & ExploreViewerStore

/// A fresh, empty store plus an ID generator and a clock.
struct StoreFixture {
    let store: any FullStore
    let ids = IDGenerator()
    let now = Date(timeIntervalSince1970: 1_767_225_600)
    let directory: String

    init(_ engine: Engine) throws {
        directory = NSTemporaryDirectory() + "mosaic-store-\(UUID().uuidString)"
        switch engine {
        case .sqlite: store = try SQLiteStore(directory: directory, synchronousFull: false)
        }
    }

    func account(_ name: String, private isPrivate: Bool = false, shard: Int = 1) async throws -> User {
        try await store.createAccount(NewAccount(id: ids.next(shard: shard), username: name, passwordHash: "x",
                                                 isPrivate: isPrivate, createdAt: now))
    }

    func media(owner: User, at: Date? = nil) async throws -> MediaRecord {
        let t = at ?? now
        let m = MediaRecord(id: ids.next(shard: owner.id.shard), ownerID: owner.id, width: 1080, height: 1080,
                            variants: ["1080", "640", "320", "150"], placeholder: "data:,", descriptor: [0.5, 0.25],
                            createdAt: t, expiresAt: t.addingTimeInterval(86_400))
        try await store.createMedia(m)
        return m
    }

    func post(by author: User, caption: String = "hello #mosaic", at: Date? = nil) async throws -> Post {
        let m = try await media(owner: author, at: at)
        return try await store.createPost(NewPost(
            id: ids.next(shard: author.id.shard), authorID: author.id, caption: caption,
            hashtags: CaptionParser.hashtags(in: caption), mentions: [], location: nil, taggedUserIDs: [],
            mediaIDs: [m.id], altTexts: ["alt"], category: "", createdAt: at ?? now))
    }
}
