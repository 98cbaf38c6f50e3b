import Foundation
import MosaicCore
import MosaicStore

/// The home feed as a service the HTTP route calls. A position is an opaque list of keys the route puts
/// into a `Cursor` (chronological pages use one key, the last post ID; ranked pages remember their
/// ranking snapshot too).
public protocol HomeFeed: Sendable {
    /// One page for `viewer` and the cursor keys of the next page (nil at the end).
    func page(viewer: UserID, cursor: [UInt64], limit: Int, chronological: Bool) async throws -> (posts: [Post], next: [UInt64]?)
}

/// Pull-only feed: the viewer's own posts and their followees', merged by ID at read time. The simplest
/// correct design, and the baseline the benchmark compares fan-out against.
public struct PullFeed: HomeFeed {
    let store: any GraphStore & PostStore
    public init(store: any GraphStore & PostStore) { self.store = store }

    public func page(viewer: UserID, cursor: [UInt64], limit: Int, chronological: Bool) async throws -> (posts: [Post], next: [UInt64]?) {
        let authors = try await store.followeeIDs(of: viewer) + [viewer]
        let before = cursor.count == 1 ? MosaicID(rawValue: cursor[0]) : nil
        let posts = try await store.recentPosts(authors: authors, before: before, limit: limit + 1)
        let next = posts.count > limit ? [posts[limit - 1].id.rawValue] : nil
        return (Array(posts.prefix(limit)), next)
    }
}
