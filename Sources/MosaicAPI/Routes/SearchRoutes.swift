import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct UserResultView: Encodable {
    let type = "user"
    let userId: UserID
    let username: String
    let fullName: String
    let followerCount: Int
    let viewerFollows: Bool
}

struct HashtagResultView: Encodable {
    let type = "hashtag"
    let name: String
    let postCount: Int
}

struct LocationResultView: Encodable {
    let type = "location"
    let name: String
    @Nullable var lat: Double?
    @Nullable var lng: Double?
    let postCount: Int
}

struct SearchResultsView<T: Encodable & Sendable>: Encodable, Sendable { let results: [T] }

extension Services {
    func addSearchRoutes(_ r: RouteTable) {
        r.get("/api/v1/search") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            guard let q = request.query("q"), !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw MosaicError.badRequest("missing_query", "q is required.")
            }
            guard q.count <= 100 else { throw MosaicError.badRequest("query_too_long", "q is at most 100 characters.") }
            let limit = min(try Validation.limit(request.query("limit")), 50)
            switch request.query("type") ?? "users" {
            case "users":
                let ranked = try await self.searchUsers(q, viewer: viewer, limit: limit)
                return try JSONBody.response(SearchResultsView(results: ranked.map {
                    UserResultView(userId: $0.user.id, username: $0.user.username, fullName: $0.user.fullName,
                                   followerCount: $0.user.followerCount, viewerFollows: $0.viewerFollows)
                }))
            case "hashtags":
                let tags = try await self.store.hashtags(prefix: q, limit: limit)
                return try JSONBody.response(SearchResultsView(results: tags.map { HashtagResultView(name: $0.name, postCount: $0.postCount) }))
            case "locations":
                let places = try await self.store.locations(prefix: q, limit: limit)
                return try JSONBody.response(SearchResultsView(results: places.map {
                    LocationResultView(name: $0.name, lat: $0.lat, lng: $0.lng, postCount: $0.postCount)
                }))
            default:
                throw MosaicError.badRequest("invalid_type", "type must be users, hashtags or locations.")
            }
        }
    }
}
