/// Several `HNSWIndex` shards behind one interface: a vector lives in the shard its ID hashes to (`placement`;
/// as the seed's 200 shards partition by content ID), a search runs on every shard in parallel and merges the
/// per-shard best lists. On one machine this puts both cores on one query and keeps each graph small enough to rebuild
/// quickly; across machines the same merge applies to remote shards.
public final class ShardedIndex: Sendable {
    public let shards: [HNSWIndex]

    public init(shardCount: Int, dimension: Int, metric: DistanceMetric = .l2,
                parameters: HNSWParameters = HNSWParameters(), capacityPerShard: Int = 1024) {
        precondition(shardCount > 0)
        shards = (0..<shardCount).map { i in
            var p = parameters
            p.seed = parameters.seed &+ UInt64(i)
            return HNSWIndex(dimension: dimension, metric: metric, parameters: p, capacity: capacityPerShard)
        }
    }

    /// Wraps existing shards (e.g. loaded from files). IDs must already be placed by `placement`.
    public init(shards: [HNSWIndex]) {
        precondition(!shards.isEmpty)
        self.shards = shards
    }

    public var shardCount: Int { shards.count }
    public var dimension: Int { shards[0].dimension }
    public var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The shard an ID lives in: a multiplicative hash of the whole ID, not `id % count`. Mosaic's IDs end in
    /// a 10-bit sequence that is 0 for most rows (one ID per author per millisecond), so `id % 2` put every
    /// post in shard 0 and left the other empty: one core did all the search work and the merge got half the
    /// candidates it asked for.
    @inline(__always)
    public static func placement(of id: UInt64, shardCount: Int) -> Int {
        Int(truncatingIfNeeded: (id &* 0x9E37_79B9_7F4A_7C15) >> 33) % shardCount
    }

    @inline(__always)
    public func shard(for id: UInt64) -> HNSWIndex { shards[Self.placement(of: id, shardCount: shards.count)] }

    public func insert(id: UInt64, vector: [Float]) { shard(for: id).insert(id: id, vector: vector) }

    public func insert(id: UInt64, vector: [Float], attributes: NodeAttributes) {
        shard(for: id).insert(id: id, vector: vector, attributes: attributes)
    }

    /// See `HNSWIndex.setAttributes`.
    @discardableResult
    public func setAttributes(_ attributes: NodeAttributes, for id: UInt64) -> Bool {
        shard(for: id).setAttributes(attributes, for: id)
    }

    public func attributes(for id: UInt64) -> NodeAttributes? { shard(for: id).attributes(for: id) }

    /// `HNSWIndex.copyVectors` across shards: row `i` of `out` gets the vector of `ids[i]`.
    public func copyVectors(_ ids: [UInt64], into out: UnsafeMutablePointer<Float>) -> [Bool] {
        var found = [Bool](repeating: false, count: ids.count)
        var positions = [[Int]](repeating: [], count: shards.count)
        for (i, id) in ids.enumerated() { positions[Self.placement(of: id, shardCount: shards.count)].append(i) }
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: max(ids.count * dimension, 1))
        defer { rows.deallocate() }
        for (s, mine) in positions.enumerated() where !mine.isEmpty {
            let hits = shards[s].copyVectors(mine.map { ids[$0] }, into: rows)
            for (j, i) in mine.enumerated() where hits[j] {
                (out + i * dimension).update(from: rows + j * dimension, count: dimension)
                found[i] = true
            }
        }
        return found
    }

    @discardableResult
    public func remove(id: UInt64) -> Bool { shard(for: id).remove(id: id) }

    public func contains(id: UInt64) -> Bool { shard(for: id).contains(id: id) }

    /// Inserts rows (with `attributes`, one per row, when given) on `threads` threads (rows spread over shards,
    /// so threads rarely meet on one graph).
    public func insert(ids: [UInt64], vectors: VectorMatrix, attributes: [NodeAttributes]? = nil, threads: Int = 2) {
        precondition(ids.count == vectors.count && vectors.dimension == dimension)
        precondition(attributes == nil || attributes!.count == ids.count)
        vectors.withUnsafeRows { base in
            guard let base else { return }
            let rows = SendablePointer(base)
            let d = dimension
            ParallelRange.run(count: ids.count, threads: threads) { i in
                self.shard(for: ids[i]).insert(id: ids[i], vector: rows.pointer + i * d, attributes: attributes?[i] ?? .unknown)
            }
        }
    }

    /// Searches every shard (`threads` at a time) for its `perShard` best passing `filter` (default `k`: exact
    /// merge), then merges the best `k`. Items are spread over shards by ID hash, so for large `k` asking each of
    /// `n` shards for a little over `k / n` loses almost nothing and saves most of the work.
    public func search<F: VectorFilter & Sendable>(_ query: [Float], k: Int, perShard: Int? = nil, ef: Int? = nil,
                                                  filter: F, threads: Int = 2) -> [Neighbor] {
        let each = min(k, perShard ?? k)
        var lists = [[Neighbor]](repeating: [], count: shards.count)
        lists.withUnsafeMutableBufferPointer { out in
            let sink = UncheckedSendable(out)  // each iteration writes only its own element
            ParallelRange.run(count: shards.count, threads: threads) { i in
                sink.value[i] = self.shards[i].search(query, k: each, ef: ef.map { max($0, each) }, filter: filter)
            }
        }
        return .mergedBest(lists, k: k)
    }

    public func search(_ query: [Float], k: Int, ef: Int? = nil, threads: Int = 2) -> [Neighbor] {
        search(query, k: k, ef: ef, filter: AllowAll(), threads: threads)
    }

    /// The filtered search with a closure predicate, specialised in this module: a caller in another module
    /// that passes its own filter type gets the generic traversal unspecialised (a witness-table call per
    /// distance and per filter test); this entry point gives it the specialised loop with one closure call per
    /// filter test. (Measured in Explore's 1 M-post search: no change in time — the traversal waits on memory —
    /// but no dynamic dispatch left in the loop.)
    public func search(_ query: [Float], k: Int, perShard: Int? = nil, ef: Int? = nil, threads: Int = 2,
                       where predicate: @escaping @Sendable (UInt64) -> Bool) -> [Neighbor] {
        search(query, k: k, perShard: perShard, ef: ef, filter: PredicateFilter(predicate), threads: threads)
    }

    /// The same with a predicate over each node's ID and attributes (`NodeAttributes`), which the traversal
    /// reads from the node record it has already fetched: a filter that decides from them costs no lookup.
    public func search(_ query: [Float], k: Int, perShard: Int? = nil, ef: Int? = nil, threads: Int = 2,
                       admitting predicate: @escaping @Sendable (UInt64, NodeAttributes) -> Bool) -> [Neighbor] {
        search(query, k: k, perShard: perShard, ef: ef, filter: AttributePredicateFilter(predicate), threads: threads)
    }

    /// A new `ShardedIndex` in which every shard whose tombstone ratio exceeds `threshold` is rebuilt without
    /// its tombstones (the others are shared). Searches may continue on `self` meanwhile; writes made to `self`
    /// during the rebuild are not carried over, so the caller pauses writes (or replays them) and then swaps.
    public func compacted(threshold: Double = 0.2, threads: Int = 2) -> ShardedIndex {
        ShardedIndex(shards: shards.map { $0.tombstoneRatio > threshold ? $0.compacted(threads: threads) : $0 })
    }

    /// Saves shard `i` to `directory/shard-i.hnsw` (each atomically).
    public func save(toDirectory directory: String) throws {
        for (i, shard) in shards.enumerated() { try shard.save(to: "\(directory)/shard-\(i).hnsw") }
    }

    /// Loads the shards saved by `save`. Throws `corrupt` when a file holds an ID that `placement` puts in
    /// another shard (files written under an older placement): using them would insert such posts twice.
    public static func load(fromDirectory directory: String, shardCount: Int) throws -> ShardedIndex {
        ShardedIndex(shards: try (0..<shardCount).map { i in
            let path = "\(directory)/shard-\(i).hnsw"
            let shard = try HNSWIndex.load(from: path)
            if let stray = shard.ids.first(where: { placement(of: $0, shardCount: shardCount) != i }) {
                throw VectorIndexFileError.corrupt(path: path, reason: "ID \(stray) belongs in another shard")
            }
            return shard
        })
    }
}
