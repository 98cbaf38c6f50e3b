import Foundation
import Hummingbird
import MosaicCore

extension Services {
    /// The signed-in user, or 401. Also records activity (the feed's active/inactive split reads it),
    /// at most once a minute per user to keep writes off the hot path.
    func viewer(_ request: Request, _ context: APIContext) async throws -> UserID {
        guard let viewer = try await optionalViewer(request, context) else { throw MosaicError.unauthorized }
        return viewer
    }

    /// The signed-in user if a token was sent; a token that is sent but invalid is still a 401.
    func optionalViewer(_ request: Request, _ context: APIContext) async throws -> UserID? {
        guard let token = bearerToken(request) else { return nil }
        guard token.utf8.count <= 200,
              let user = try await store.sessionUser(tokenHash: SessionToken.hash(token), now: clock.now()) else {
            throw MosaicError.unauthorized
        }
        try limits.take("req:user:\(user)", RateLimiter.Rules.requestsPerIP)
        await activity.touch(user, services: self)
        return user
    }

    func bearerToken(_ request: Request) -> String? {
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingWhitespace() }
            return nil
        }
        return nil
    }
}

/// Throttles "last active" writes to one per user per minute.
actor ActivityTracker {
    private var lastWrite: [UserID: Date] = [:]

    func touch(_ user: UserID, services: Services) async {
        let now = services.clock.now()
        if let last = lastWrite[user], now.timeIntervalSince(last) < 60 { return }
        lastWrite[user] = now
        if lastWrite.count > 200_000 { lastWrite.removeAll(keepingCapacity: true) }
        try? await services.store.touch(userID: user, at: now)
    }
}

extension Request {
    func query(_ name: String) -> String? { uri.queryParameters.get(name) }

    /// `?limit=&cursor=` for a list of `kind`.
    func page(kind: UInt8) throws -> PageRequest {
        let limit = try Validation.limit(query("limit"))
        guard let raw = query("cursor"), !raw.isEmpty else { return PageRequest(limit: limit) }
        let cursor = try Cursor.decode(raw, kind: kind)
        guard cursor.keys.count == 1 else { throw MosaicError.invalidCursor }
        return PageRequest(after: cursor.keys[0], limit: limit)
    }
}

extension APIContext {
    /// A path parameter holding a decimal ID; 400 `invalid_id` for anything else.
    func id(_ name: String) throws -> MosaicID {
        guard let raw = parameters.get(name), let id = MosaicID(raw) else { throw MosaicError.invalidID(name) }
        return id
    }
}
