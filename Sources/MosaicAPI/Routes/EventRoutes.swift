import Foundation
import Hummingbird
import MosaicCore

/// Engagement signals from clients, validated here and handed to the event stream.
public enum EngagementType: String, Sendable, CaseIterable, Codable {
    case impression, view, dwell, like, comment, save, share, hide, report
}

public struct EngagementEvent: Sendable {
    public var userID: UserID
    public var postID: PostID
    public var authorID: UserID
    public var type: EngagementType
    public var dwellMs: Int
    public var surface: String
    public var category: String
    public var at: Date
}

/// Where accepted events go (the durable event log once the real-time subsystem is installed).
public protocol EngagementSink: Sendable {
    func append(_ events: [EngagementEvent]) async throws
}

struct EventsInput: APIInput {
    static let fields: Set<String> = ["events"]
    struct Item: Decodable, Sendable {
        let postId: String
        let type: String
        let dwellMs: Int?
        let surface: String?
        enum CodingKeys: String, CodingKey { case postId = "post_id", type, dwellMs = "dwell_ms", surface }
    }
    let events: [Item]
}

struct AcceptedView: Encodable { let accepted: Int }

extension Services {
    func addEventRoutes(_ r: RouteTable) {
        r.post("/api/v1/events") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(EventsInput.self, from: request)
            guard input.events.count <= 500 else {
                throw MosaicError.badRequest("too_many_events", "Send at most 500 events per request.")
            }
            var parsed: [(PostID, EngagementType, Int, String)] = []
            for e in input.events {
                guard let id = MosaicID(e.postId) else { throw MosaicError.invalidID("post_id") }
                guard let type = EngagementType(rawValue: e.type) else {
                    throw MosaicError.badRequest("invalid_event_type", "Unknown event type '\(e.type)'.")
                }
                let dwell = e.dwellMs ?? 0
                guard dwell >= 0, dwell <= 3_600_000 else { throw MosaicError.badRequest("invalid_dwell", "dwell_ms is 0 to 3,600,000.") }
                let surface = e.surface ?? "feed"
                guard surface.count <= 32 else { throw MosaicError.badRequest("invalid_surface", "surface is at most 32 characters.") }
                parsed.append((id, type, dwell, surface))
            }
            // Events for posts that don't exist (or were deleted) are dropped, not errors: clients batch lazily.
            let posts = try await self.store.posts(ids: parsed.map(\.0))
            let now = self.clock.now()
            let events = parsed.compactMap { (id, type, dwell, surface) -> EngagementEvent? in
                guard let p = posts[id] else { return nil }
                return EngagementEvent(userID: viewer, postID: id, authorID: p.authorID, type: type, dwellMs: dwell,
                                       surface: surface, category: p.category, at: now)
            }
            // Hides and reports are also the viewer's standing wish: stored before the 202, so the next Explore
            // request leaves the post out; a first report by this viewer counts toward hiding it from everyone.
            for e in events where e.type == .hide || e.type == .report {
                if try await self.store.dismiss(user: viewer, post: e.postID, report: e.type == .report, at: now) {
                    await self.hooks.didReport(post: e.postID)
                }
            }
            try await self.events.append(events)
            return try JSONBody.response(AcceptedView(accepted: events.count), status: .accepted)
        }
    }
}
