import Foundation
import Hummingbird
import MosaicCore
import MosaicFeed
import MosaicStore

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
