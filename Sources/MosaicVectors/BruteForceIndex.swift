/// Exact nearest-neighbour search by scanning every vector: the ground truth for recall, and the right index
/// for small sets (a few thousand vectors scan faster than a graph walks).
public struct BruteForceIndex: Sendable {
    public let metric: DistanceMetric
    public private(set) var vectors: VectorMatrix
    public private(set) var ids: [UInt64]

    public init(dimension: Int, metric: DistanceMetric = .l2) {
        self.metric = metric
        vectors = VectorMatrix(dimension: dimension)
        ids = []
    }

    /// Wraps `vectors` with `ids` (row i has `ids[i]`; default 0, 1, 2, …).
    public init(vectors: VectorMatrix, ids: [UInt64]? = nil, metric: DistanceMetric = .l2) {
        precondition(ids == nil || ids!.count == vectors.count)
        self.metric = metric
        self.vectors = metric == .cosine ? vectors.normalizedRows() : vectors
        self.ids = ids ?? (0..<UInt64(vectors.count)).map { $0 }
    }

    public var dimension: Int { vectors.dimension }
    public var count: Int { ids.count }

    public mutating func insert(id: UInt64, vector: [Float]) {
        vectors.append(metric == .cosine ? VectorKernels.normalized(vector) : vector)
        ids.append(id)
    }

    /// The exact `k` nearest IDs passing `filter`, closest first (ties by row order).
    public func search<F: VectorFilter>(_ query: [Float], k: Int, filter: F) -> [Neighbor] {
        precondition(query.count == dimension)
        let q = metric == .cosine ? VectorKernels.normalized(query) : query
        return q.withUnsafeBufferPointer { nearestRows($0.baseAddress!, k: k, filter: filter) }
            .map { Neighbor(id: ids[Int($0.slot)], distance: $0.distance) }
    }

    public func search(_ query: [Float], k: Int) -> [Neighbor] { search(query, k: k, filter: AllowAll()) }

    /// Row numbers of the exact `k` nearest rows to `query` (already normalised for cosine).
    func nearestRows<F: VectorFilter>(_ query: UnsafePointer<Float>, k: Int, filter: F) -> [(slot: UInt32, distance: Float)] {
        guard k > 0 else { return [] }
        var heap = CandidateHeap(capacity: k + 1)
        defer { heap.deallocate() }
        let d = dimension
        let l2 = metric == .l2
        vectors.withUnsafeRows { base in
            guard let base else { return }
            for r in 0..<count {
                let distance = l2 ? VectorKernels.l2Squared(query, base + r * d, count: d)
                    : 1 - VectorKernels.dot(query, base + r * d, count: d)
                if heap.count < k || distance < heap.topDistance {
                    guard filter.allows(ids[r]) else { continue }
                    heap.push(distance, UInt32(r))
                    if heap.count > k { heap.pop() }
                }
            }
        }
        var out = [(slot: UInt32, distance: Float)](repeating: (0, 0), count: heap.count)
        var i = heap.count - 1
        while !heap.isEmpty {
            out[i] = (heap.topSlot, heap.topDistance)
            heap.pop()
            i -= 1
        }
        return out
    }

    /// Exact `k`-nearest row numbers of every query row, on `threads` threads: the ground truth for recall.
    public static func groundTruth(base: VectorMatrix, queries: VectorMatrix, k: Int, metric: DistanceMetric = .l2,
                                   threads: Int = 2) -> [[Int32]] {
        let index = BruteForceIndex(vectors: base, metric: metric)
        let q = metric == .cosine ? queries.normalizedRows() : queries
        var result = [[Int32]](repeating: [], count: q.count)
        result.withUnsafeMutableBufferPointer { out in
            let sink = UncheckedSendable(out)  // each iteration writes only its own row
            q.withUnsafeRows { rows in
                guard let rows else { return }
                let pointer = SendablePointer(rows)
                ParallelRange.run(count: q.count, threads: threads) { i in
                    let hits = index.nearestRows(pointer.pointer + i * q.dimension, k: k, filter: AllowAll())
                    sink.value[i] = hits.map { Int32($0.slot) }
                }
            }
        }
        return result
    }
}
