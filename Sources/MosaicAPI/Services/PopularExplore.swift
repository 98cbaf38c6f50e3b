import Foundation
import MosaicCore
import MosaicStore

/// The popularity baseline of Explore (and its last-resort fallback): recent public posts from accounts the
/// viewer does not follow, ranked by engagement per hour of age. Pages come from a per-viewer snapshot so no
/// post repeats across pages; once a snapshot runs out, a fresh run excludes everything already shown.
public struct PopularExplore: ExploreService {
    let store: any AccountStore & GraphStore & PostStore
    let clock: any MosaicClock
    let snapshots = ExploreSnapshots()

    public init(store: any AccountStore & GraphStore & PostStore, clock: any MosaicClock) {
        self.store = store; self.clock = clock
    }

    public func page(viewer: UserID, cursor: [UInt64]?, limit: Int) async throws -> (items: [ExploreItem], cursor: [UInt64]?, servedBy: String) {
        if let cursor, cursor.count == 2, let page = await snapshots.page(id: cursor[0], viewer: viewer, offset: Int(cursor[1]), limit: limit) {
            return (page.items, page.next, "popular")
        }
        var exclude = Set<PostID>()
        if let cursor, cursor.count == 2 { exclude = await snapshots.shown(id: cursor[0], viewer: viewer) }
        let items = try await rank(viewer: viewer, excluding: exclude)
        let id = await snapshots.create(viewer: viewer, items: items, alreadyShown: exclude)
        let page = await snapshots.page(id: id, viewer: viewer, offset: 0, limit: limit)
        return (page?.items ?? [], page?.next, "popular")
    }

    func rank(viewer: UserID, excluding: Set<PostID>) async throws -> [ExploreItem] {
        let now = clock.now()
        let recent = try await store.recentPosts(since: now.addingTimeInterval(-30 * 86_400), limit: 3_000)
        let followed = Set(try await store.followeeIDs(of: viewer))
        let blocked = try await store.blockedEitherWay(viewer)
        let authors = try await store.users(ids: recent.map(\.authorID))
        var items: [ExploreItem] = []
        for p in recent where p.authorID != viewer && !followed.contains(p.authorID) && !blocked.contains(p.authorID)
            && !excluding.contains(p.id) {
            guard let a = authors[p.authorID], !a.isPrivate else { continue }
            let ageHours = max(0, now.timeIntervalSince(p.createdAt)) / 3600
            let engagement = Double(p.likeCount + 2 * p.commentCount + 3 * p.saveCount + 3 * p.shareCount + 1)
            let score = engagement / pow(ageHours + 2, 1.2)
            let reason = p.category.isEmpty ? "Popular right now" : "Popular in \(p.category)"
            items.append(ExploreItem(post: p, source: "popular", reasons: [reason], score: score))
        }
        items.sort { $0.score != $1.score ? $0.score > $1.score : $0.post.id > $1.post.id }
        return Array(items.prefix(500))
    }
}

/// Per-viewer result snapshots for Explore pagination, kept in memory for 30 minutes.
public actor ExploreSnapshots {
    struct Snapshot { let viewer: UserID; let items: [ExploreItem]; let shown: Set<PostID>; let created: ContinuousClock.Instant }
    private var snapshots: [UInt64: Snapshot] = [:]
    public init() {}

    func create(viewer: UserID, items: [ExploreItem], alreadyShown: Set<PostID>) -> UInt64 {
        let now = ContinuousClock.now
        if snapshots.count > 10_000 { snapshots = snapshots.filter { now - $0.value.created < .seconds(1800) } }
        let id = UInt64.random(in: 1...UInt64(Int64.max))
        snapshots[id] = Snapshot(viewer: viewer, items: items, shown: alreadyShown.union(items.map(\.post.id)), created: now)
        return id
    }

    /// A page from the snapshot, or nil when the snapshot is unknown, foreign or exhausted.
    func page(id: UInt64, viewer: UserID, offset: Int, limit: Int) -> (items: [ExploreItem], next: [UInt64]?)? {
        guard let s = snapshots[id], s.viewer == viewer, offset >= 0, offset < s.items.count else { return nil }
        let end = min(offset + limit, s.items.count)
        // After the last page the cursor still names the snapshot, so the next run can exclude what was shown.
        return (Array(s.items[offset..<end]), [id, UInt64(end)])
    }

    func shown(id: UInt64, viewer: UserID) -> Set<PostID> {
        guard let s = snapshots[id], s.viewer == viewer else { return [] }
        return s.shown
    }
}
