import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

/// The home feed as a service the route calls. The default pulls from followees at read time; the feed
/// subsystem (fan-out timelines + ranking) replaces it at start-up.
public protocol HomeFeed: Sendable {
    /// One page of post IDs for `viewer`, newest (or best) first, plus the cursor key of the last item.
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

extension Services {
    func addFeedRoutes(_ r: RouteTable) {
        r.get("/api/v1/feed") { request, context in
            let viewer = try await self.viewer(request, context)
            let page = try request.page(kind: CursorKind.feed)
            let order = request.query("order") ?? "ranked"
            guard order == "ranked" || order == "chronological" else {
                throw MosaicError.badRequest("invalid_order", "order is ranked or chronological.")
            }
            let result = try await self.feed.page(viewer: viewer, after: page.after, limit: page.limit,
                                                  chronological: order == "chronological")
            let views = try await self.postViews(result.posts, viewer: viewer)
            let next = result.next.map { Cursor(kind: CursorKind.feed, keys: [$0]).encoded }
            return try JSONBody.response(PostListView(posts: views, nextCursor: next, hasMore: next != nil))
        }
    }
}
