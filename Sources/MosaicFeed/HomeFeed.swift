import Foundation
import MosaicCore
import MosaicStore

/// The home feed as a service the HTTP route calls. `PullFeed` is the simplest correct design; the hybrid
/// fan-out engine replaces it.
public protocol HomeFeed: Sendable {
    /// One page for `viewer` (newest or best first) and the cursor key after its last item (nil at the end).
    func page(viewer: UserID, after: UInt64?, limit: Int, chronological: Bool) async throws -> (posts: [Post], next: UInt64?)
}

/// Pull-only feed: the viewer's own posts and their followees', merged by ID at read time.
public struct PullFeed: HomeFeed {
    let store: any GraphStore & PostStore
    public init(store: any GraphStore & PostStore) { self.store = store }

    public func page(viewer: UserID, after: UInt64?, limit: Int, chronological: Bool) async throws -> (posts: [Post], next: UInt64?) {
        let authors = try await store.followeeIDs(of: viewer) + [viewer]
        let posts = try await store.recentPosts(authors: authors, before: after.map(MosaicID.init(rawValue:)), limit: limit + 1)
        let next = posts.count > limit ? posts[limit - 1].id.rawValue : nil
        return (Array(posts.prefix(limit)), next)
    }
}
