import Foundation
import Hummingbird
import MosaicCore
import MosaicExplore
import MosaicStore

extension Services {
    func addExploreRoutes(_ r: RouteTable) {
        r.get("/api/v1/explore") { request, context in
            let viewer = try await self.viewer(request, context)
            let limit = try Validation.limit(request.query("limit"))
            var keys: [UInt64]? = nil
            if let raw = request.query("cursor"), !raw.isEmpty { keys = try Cursor.decode(raw, kind: CursorKind.explore).keys }
            let explain = request.query("explain") == "1" || request.query("explain") == "true"
            let result = try await self.explore.page(viewer: viewer, cursor: keys, limit: limit)
            var views = try await self.postViews(result.items.map(\.post), viewer: viewer)
            let byID = Dictionary(result.items.map { ($0.post.id, $0) }, uniquingKeysWith: { a, _ in a })
            for i in views.indices {
                guard let item = byID[views[i].postId] else { continue }
                views[i].source = item.source
                if explain { views[i].reasons = item.reasons; views[i].score = item.score }
            }
            let next = result.cursor.map { Cursor(kind: CursorKind.explore, keys: $0).encoded }
            return try JSONBody.response(PostListView(posts: views, nextCursor: next, hasMore: next != nil, servedBy: result.servedBy))
        }
    }
}
