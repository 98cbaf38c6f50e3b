import Foundation
import MosaicCore
import Synchronization

/// Explore's recently served posts by ID, so a page is hydrated from memory when its posts were served before
/// (popular posts are on many viewers' grids). Only what cannot change is trusted from the cache (caption,
/// media, tags, author); the counters and the deletion flag are taken from the catalogue at hydration, which the
/// write path keeps live. Bounded: when full it starts over (a cheap generation cache; a miss costs one store read).
final class PostCache: Sendable {
    private let table = Mutex<[PostID: Post]>([:])
    let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// The cached posts among `ids`.
    func posts(_ ids: [PostID]) -> [PostID: Post] {
        table.withLock { t in
            var out: [PostID: Post] = [:]
            for id in ids { if let p = t[id] { out[id] = p } }
            return out
        }
    }

    func insert<S: Sequence>(_ posts: S) where S.Element == Post {
        table.withLock { t in
            for p in posts {
                if t.count >= capacity { t.removeAll(keepingCapacity: true) }
                t[p.id] = p
            }
        }
    }
}

extension Post {
    /// The post with the catalogue's live counters.
    func withCounters(of e: CatalogEntry) -> Post {
        var p = self
        p.likeCount = Int(e.likes); p.commentCount = Int(e.comments); p.saveCount = Int(e.saves)
        p.shareCount = Int(e.shares); p.impressionCount = Int(e.impressions); p.hideCount = Int(e.hides)
        p.reportCount = Int(e.reports)
        return p
    }
}
