import Foundation
import Hummingbird
import MosaicCore
import MosaicFeed
import MosaicStore

extension Services {
    func addFeedRoutes(_ r: RouteTable) {
        r.get("/api/v1/feed") { request, context in
            let viewer = try await self.viewer(request, context)
            let limit = try Validation.limit(request.query("limit"))
            // Ranked pages carry their ranking snapshot and offset; time-ordered pages one post ID.
            var keys: [UInt64] = []
            if let raw = request.query("cursor"), !raw.isEmpty {
                keys = try Cursor.decode(raw, kind: CursorKind.feed).keys
                guard keys.count == 1 || keys.count == 2 else { throw MosaicError.invalidCursor }
            }
            let order = request.query("order") ?? "ranked"
            guard order == "ranked" || order == "chronological" else {
                throw MosaicError.badRequest("invalid_order", "order is ranked or chronological.")
            }
            let result = try await self.feed.page(viewer: viewer, cursor: keys, limit: limit,
                                                  chronological: order == "chronological")
            let views = try await self.postViews(result.posts, viewer: viewer)
            let next = result.next.map { Cursor(kind: CursorKind.feed, keys: $0).encoded }
            return try JSONBody.response(PostListView(posts: views, nextCursor: next, hasMore: next != nil))
        }
    }
}
