import Foundation
import MosaicCore
import MosaicExplore
import MosaicRealtime
import MosaicStore
import Synchronization

/// Counts impressions and hides from the event log into the posts (the store) and Explore's catalog, exactly
/// once. Each batch's counts are added in the same store transaction that records the log offset they end at,
/// and `restore` resumes after that offset, so a restart neither loses nor double-counts: the catalog is loaded
/// from the store's counts at start-up, and only later events reach it through here.
///
/// Likes, comments, saves and shares are not counted from the log: they are rows the API writes (with their
/// counters, in the store), kept in the catalog by `ExploreObserver`; their events would count them twice.
final class CatalogEventCounters: EventProjection {
    static let consumerName = "catalog"
    let store: any PostStore
    let catalog: PostCatalog
    /// The offset the store's counts include (nil: none yet), checked again here so a batch is never added twice.
    private let appliedThrough = Mutex<UInt64?>(nil)

    init(store: any PostStore, catalog: PostCatalog) { self.store = store; self.catalog = catalog }

    func apply(_ events: [LoggedEvent]) async throws {
        let through = appliedThrough.withLock { $0 }
        var counts: [PostID: PostEventCounts] = [:]
        var last: UInt64?
        for e in events where through.map({ e.offset > $0 }) ?? true {
            last = e.offset
            switch e.record.kind {
            case .impression: counts[e.record.postID, default: .init()].impressions += 1
            case .hide: counts[e.record.postID, default: .init()].hides += 1
            default: break
            }
        }
        guard let last else { return }
        // A batch without impressions or hides changes nothing: a restart may read it again at no cost, so it
        // is not worth a transaction.
        if !counts.isEmpty { try await store.addEventCounts(counts, consumer: Self.consumerName, appliedThrough: last) }
        appliedThrough.withLock { $0 = last }
        for (post, c) in counts {
            catalog.update(post) { e in
                e.impressions = e.impressions &+ Int32(clamping: c.impressions)
                e.hides = e.hides &+ Int32(clamping: c.hides)
            }
        }
    }

    /// The state lives in the store; the consumer's own checkpoint only carries its offset.
    func checkpoint() async throws -> [UInt8] { [] }

    func restore(from checkpoint: [UInt8]?) async throws -> UInt64? {
        let offset = try await store.eventOffset(consumer: Self.consumerName)
        appliedThrough.withLock { $0 = offset }
        return offset
    }
}
