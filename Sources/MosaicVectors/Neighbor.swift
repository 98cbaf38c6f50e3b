/// One search hit: the caller's 64-bit ID (e.g. a post ID) and its distance to the query (smaller is closer;
/// see `DistanceMetric` for each metric's scale).
public struct Neighbor: Sendable, Hashable, CustomStringConvertible {
    public var id: UInt64
    public var distance: Float

    public init(id: UInt64, distance: Float) {
        self.id = id
        self.distance = distance
    }

    public var description: String { "\(id)@\(distance)" }
}

extension Array where Element == Neighbor {
    /// Merges best-first lists with distinct IDs (one per shard: `ShardedIndex.placement` puts every ID in
    /// exactly one) into the best `k`, closest first; among equal distances the smaller ID first, so merging is
    /// deterministic. A merge of the lists' heads: linear in `k` for a handful of shards, where sorting the
    /// concatenation with a comparator and deduplicating through a `Set` was a twentieth of a 2,000-hit search.
    public static func mergedBest(_ lists: [[Neighbor]], k: Int) -> [Neighbor] {
        var heads = [Int](repeating: 0, count: lists.count)
        var out: [Neighbor] = []
        out.reserveCapacity(Swift.min(k, lists.reduce(0) { $0 + $1.count }))
        while out.count < k {
            var best = -1
            for l in lists.indices where heads[l] < lists[l].count {
                guard best >= 0 else { best = l; continue }
                let a = lists[l][heads[l]], b = lists[best][heads[best]]
                if a.distance < b.distance || (a.distance == b.distance && a.id < b.id) { best = l }
            }
            if best < 0 { break }
            out.append(lists[best][heads[best]])
            heads[best] += 1
        }
        return out
    }
}
