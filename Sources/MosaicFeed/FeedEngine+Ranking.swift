import Foundation
import MosaicCore
import MosaicStore

/// One reader's ranked ordering, kept so that later pages come from the same ordering even while new
/// posts arrive and counters move (the cursor names the snapshot and an offset into it).
struct RankedSession: Sendable {
    let snapshot: UInt64
    let order: [PostID]
    let windowFull: Bool
}

extension FeedEngine {
    /// Ranked pages: the newest `rankingWindow` candidates are scored once and served in score order;
    /// after the window the feed continues in time order below it (a cursor with one key).
    func rankedPage(_ view: FeedView, cursor: [UInt64], limit: Int) async throws -> (posts: [Post], next: [UInt64]?) {
        let session: RankedSession
        var offset = 0
        if cursor.count == 2, let kept = sessions.withLock({ $0[view.viewer] }), kept.snapshot == cursor[0] {
            session = kept
            offset = Int(min(cursor[1], UInt64(kept.order.count)))
        } else {
            let snapshot: PostID? = cursor.count == 2 ? MosaicID(rawValue: cursor[0] &+ 1) : nil
            offset = cursor.count == 2 ? Int(min(cursor[1], UInt64(Int.max))) : 0
            session = try await rank(view, below: snapshot)
            sessions.withLock { s in
                if s.count > 50_000 { s.removeAll(keepingCapacity: true) }
                s[view.viewer] = session
            }
        }
        let ids = Array(session.order.dropFirst(offset).prefix(limit))
        let found = try await hydrate(ids)
        let visible = ids.compactMap { found[$0] }.filter { view.followees.contains($0.authorID) || $0.authorID == view.viewer }
        let end = offset + ids.count
        if end < session.order.count { return (visible, [session.snapshot, UInt64(end)]) }
        if session.windowFull, let oldest = session.order.min() { return (visible, [oldest.rawValue]) }
        return (visible, nil)
    }

    func rank(_ view: FeedView, below snapshot: PostID?) async throws -> RankedSession {
        let window = configuration.rankingWindow
        let candidates = try await chronologicalPosts(view, before: snapshot, limit: window)
        let top = candidates.first?.id.rawValue ?? 0
        guard let scorer = scorer.withLock({ $0 }), !candidates.isEmpty else {
            return RankedSession(snapshot: top, order: candidates.map(\.id), windowFull: candidates.count == window)
        }
        let scores = try await scorer.scores(viewer: view.viewer, posts: candidates, now: clock.now())
        // Ties keep time order, so equal scores never reorder between two rankings of the same window.
        let order = candidates.indices.sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : candidates[a].id > candidates[b].id
        }.map { candidates[$0].id }
        return RankedSession(snapshot: top, order: order, windowFull: candidates.count == window)
    }
}
