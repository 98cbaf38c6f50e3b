import Foundation
import Hummingbird
import HummingbirdWebSocket
import MosaicCore
import MosaicRealtime
import MosaicStore
import NIOCore

/// The request context of the WebSocket upgrade router (kept apart from `APIContext`, which the HTTP routes use).
public struct RealtimeContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}

/// What a client may send: typing indicators for a thread it is in (anything else only counts as activity).
struct RealtimeClientFrame: Decodable {
    let type: String
    let threadId: String?
    enum CodingKeys: String, CodingKey { case type, threadId = "thread_id" }
}

struct TypingPush: Encodable { let threadId: ThreadID; let userId: UserID }

extension Services {
    /// `GET /api/v1/realtime` without an upgrade: tell the client how to connect.
    func addRealtimeRoutes(_ r: RouteTable) {
        r.get("/api/v1/realtime") { _, _ in
            throw MosaicError(status: 426, code: "upgrade_required", message: "Connect with a WebSocket upgrade.")
        }
    }

    /// The signed-in user of an upgrade request: `?token=` (browsers can't set headers on WebSockets) or bearer.
    func realtimeUser(_ request: Request) async throws -> UserID? {
        let token = request.uri.queryParameters.get("token") ?? bearerToken(request)
        guard let token, token.utf8.count <= 200 else { return nil }
        return try await store.sessionUser(tokenHash: SessionToken.hash(token), now: clock.now())
    }

    /// The router the server consults for WebSocket upgrades. A connection first receives everything after
    /// `?last_event_id=` (or `{"type":"gap"}` when that is too old and the client must refetch over REST), then
    /// `{"type":"ready","last_event_id":"N"}` once it is subscribed, then live events; heartbeats arrive as
    /// `{"type":"heartbeat"}` text frames.
    func realtimeRouter() -> Router<RealtimeContext> {
        let router = Router(context: RealtimeContext.self)
        router.ws("/api/v1/realtime", shouldUpgrade: { request, _ in
            guard self.push.hub != nil else { throw HTTPError(.serviceUnavailable) }
            guard try await self.realtimeUser(request) != nil else { throw HTTPError(.unauthorized) }
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            guard let hub = self.push.hub, let user = try await self.realtimeUser(context.request) else { return }
            let last = context.request.uri.queryParameters.get("last_event_id").flatMap { UInt64($0) }
            let sub = await hub.connect(user: user, lastEventID: last)
            do {
                if sub.gap { try await outbound.write(.text(#"{"type":"gap"}"#)) }
                for event in sub.missed { try await outbound.write(.text(String(decoding: event.jsonFrame(), as: UTF8.self))) }
                // Caught up: live from here. Its ID is where to resume should the socket drop before any event.
                try await outbound.write(.text(#"{"type":"ready","last_event_id":"\#(sub.resumeFrom)"}"#))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in sub.frames {
                            switch frame {
                            case .event(let e): try await outbound.write(.text(String(decoding: e.jsonFrame(), as: UTF8.self)))
                            case .heartbeat: try await outbound.write(.text(#"{"type":"heartbeat"}"#))
                            }
                        }
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 16 * 1024) {
                            await hub.touch(sub.connectionID)
                            guard case .text(let text) = message else { continue }
                            await self.clientFrame(text, from: user)
                        }
                    }
                    // Either side ending (client closed, hub closed the stream) ends the connection.
                    _ = try await group.next()
                    group.cancelAll()
                }
            } catch {
                // The socket went away mid-write; the client reconnects with its last event ID.
            }
            await hub.disconnect(sub.connectionID)
        })
        return router
    }

    /// A typing indicator goes, ephemerally, to the thread's other participants.
    private func clientFrame(_ text: String, from user: UserID) async {
        guard let frame = try? JSONDecoder().decode(RealtimeClientFrame.self, from: Data(text.utf8)), frame.type == "typing",
              let raw = frame.threadId, let id = MosaicID(raw),
              let thread = try? await participatingThread(id, viewer: user) else { return }
        if !((try? await blockedSet(user))?.isDisjoint(with: thread.participants) ?? false) { return }
        await push.publish(.typing, TypingPush(threadId: thread.id, userId: user), to: thread.participants.filter { $0 != user })
    }
}
