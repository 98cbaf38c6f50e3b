import Foundation
import MosaicCore
import MosaicRealtime

/// The durable engagement stream: client events (`POST /api/v1/events`) and the API's own actions (likes,
/// comments, saves, shares) are appended to the event log before the request is answered; counters, trend
/// detection, session context and training exports consume it from their own offsets.
public struct EventLogSink: EngagementSink {
    public let log: EventLog
    public init(log: EventLog) { self.log = log }

    public func append(_ events: [EngagementEvent]) async throws {
        guard !events.isEmpty else { return }
        let records = events.map { e in
            Engagement(userID: e.userID, postID: e.postID, authorID: e.authorID,
                             kind: Engagement.Kind(name: e.type.rawValue) ?? .impression,
                             dwellMs: UInt32(clamping: e.dwellMs), surface: e.surface, category: e.category, at: e.at)
        }
        _ = try await log.append(records)
    }
}

/// Feeds the API's own engagement actions into the event stream, so a like through the API and a like event
/// from a client are one signal.
struct EngagementStreamObserver: SocialObserver {
    let sink: any EngagementSink
    let clock: any MosaicClock

    private func emit(_ user: UserID, _ post: Post, _ type: EngagementType) async {
        let e = EngagementEvent(userID: user, postID: post.id, authorID: post.authorID, type: type, dwellMs: 0,
                                surface: "api", category: post.category, at: clock.now())
        try? await sink.append([e])
    }

    func didLike(user: UserID, post: Post) async { await emit(user, post, .like) }
    func didSave(user: UserID, post: Post) async { await emit(user, post, .save) }
    func didComment(_ comment: Comment, post: Post, parentAuthor: UserID?) async { await emit(comment.authorID, post, .comment) }
    func didShare(user: UserID, post: Post, to: [UserID]) async { await emit(user, post, .share) }
}
