extension HNSWIndex {
    /// A fresh index holding only the live vectors and their attributes (same parameters), built on `threads` threads: the periodic
    /// rebuild that drops tombstones and restores the recall that online inserts and deletes erode (the seed's
    /// weekly shard rebuild). Takes a snapshot under the exclusive lock (a memory copy), then builds without
    /// holding this index, so searches continue meanwhile; writes made after the snapshot are not in the result.
    public func compacted(threads: Int = 2) -> HNSWIndex {
        let (ids, matrix, attributes): ([UInt64], VectorMatrix, [NodeAttributes]) = structure.withWriteLock {
            let n = slotCount.load(ordering: .relaxed)
            var ids: [UInt64] = [], attributes: [NodeAttributes] = []
            var storage: [Float] = []
            ids.reserveCapacity(n)
            attributes.reserveCapacity(n)
            storage.reserveCapacity(n * dimension)
            for s in 0..<n where !isDeleted(UInt32(s)) {
                ids.append(label(s))
                attributes.append(loadAttributes(s))
                storage.append(contentsOf: UnsafeBufferPointer(start: vectorPointer(UInt32(s)), count: dimension))
            }
            return (ids, VectorMatrix(dimension: dimension, storage: storage), attributes)
        }
        let fresh = HNSWIndex(dimension: dimension, metric: metric, parameters: parameters, capacity: max(ids.count, 16))
        fresh.insert(ids: ids, vectors: matrix, attributes: attributes, threads: threads)
        return fresh
    }
}
