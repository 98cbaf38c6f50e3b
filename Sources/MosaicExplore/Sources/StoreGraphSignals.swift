import Foundation
import MosaicCore
import MosaicStore

/// The graph source from the store: posts liked recently by the accounts the viewer follows, strength =
/// how many of them liked it.
public struct StoreGraphSignals: GraphSignals {
    let store: any GraphStore & EngagementStore
    public init(store: any GraphStore & EngagementStore) { self.store = store }

    public func engagedByNeighbours(of viewer: UserID, since: Date, limit: Int) async throws -> [(post: PostID, strength: Float, via: UserID)] {
        let neighbours = try await store.followeeIDs(of: viewer)
        guard !neighbours.isEmpty else { return [] }
        let likes = try await store.recentLikes(byUsers: Array(neighbours.prefix(2_000)), since: since, limit: limit * 4)
        var strength: [PostID: (Float, UserID)] = [:]
        for l in likes { strength[l.post, default: (0, l.user)].0 += 1 }
        return strength.sorted { $0.value.0 > $1.value.0 }.prefix(limit).map { (post: $0.key, strength: $0.value.0, via: $0.value.1) }
    }
}
