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
    /// Merges several best-first lists into the best `k`, dropping repeated IDs (shards, or an ID that moved
    /// between shards during an update), closest first; ties break by ID so merging is deterministic.
    public static func mergedBest(_ lists: [[Neighbor]], k: Int) -> [Neighbor] {
        var all = lists.flatMap { $0 }
        all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.id < $1.id) }
        var seen = Set<UInt64>()
        var out: [Neighbor] = []
        out.reserveCapacity(k)
        for n in all where out.count < k {
            if seen.insert(n.id).inserted { out.append(n) }
        }
        return out
    }
}
