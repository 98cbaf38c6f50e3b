import Foundation
import MosaicCore

/// Per-viewer result snapshots: pages are served from the snapshot so no post repeats across pages; when a
/// snapshot runs out, the next funnel run excludes everything the session has already been shown.
actor SessionSnapshots {
    /// A ranked post as the snapshot keeps it: posts are hydrated per page, so a post deleted mid-session
    /// disappears from the pages still to come, and a run pays only for the first page's rows.
    struct Ranked: Sendable {
        var postID: PostID
        var source: String
        var reasons: [String]
        var score: Double
    }
    struct Snapshot {
        let viewer: UserID
        var items: [Ranked]
        var shown: Set<PostID>
        let servedBy: String
        let created: ContinuousClock.Instant
    }
    private var snapshots: [UInt64: Snapshot] = [:]
    private let lifetime: Duration

    init(lifetime: Duration) { self.lifetime = lifetime }

    func create(viewer: UserID, items: [Ranked], previouslyShown: Set<PostID>, servedBy: String) -> UInt64 {
        let now = ContinuousClock.now
        if snapshots.count > 20_000 { snapshots = snapshots.filter { now - $0.value.created < lifetime } }
        let id = UInt64.random(in: 1...UInt64(Int64.max))
        snapshots[id] = Snapshot(viewer: viewer, items: items, shown: previouslyShown.union(items.map(\.postID)),
                                 servedBy: servedBy, created: now)
        return id
    }

    /// A page from the snapshot, or nil when it is unknown, someone else's, expired or exhausted.
    func page(id: UInt64, viewer: UserID, offset: Int, limit: Int) -> (items: [Ranked], next: [UInt64], servedBy: String)? {
        guard let s = snapshots[id], s.viewer == viewer, ContinuousClock.now - s.created < lifetime,
              offset >= 0, offset < s.items.count else { return nil }
        let end = min(offset + limit, s.items.count)
        return (Array(s.items[offset..<end]), [id, UInt64(end)], s.servedBy)
    }

    func shown(id: UInt64, viewer: UserID) -> Set<PostID> {
        guard let s = snapshots[id], s.viewer == viewer else { return [] }
        return s.shown
    }
}
