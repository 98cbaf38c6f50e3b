import Synchronization

extension HNSWIndex {
    /// Adds `vector` under `id`, searchable as soon as this returns. Inserting an existing ID replaces it
    /// (update = tombstone the old node + insert a new one). Safe to call from many threads, concurrently with
    /// searches and removals.
    public func insert(id: UInt64, vector: [Float]) {
        precondition(vector.count == dimension, "HNSW: vector has \(vector.count) values, index has \(dimension)")
        vector.withUnsafeBufferPointer { insert(id: id, vector: $0.baseAddress!) }
    }

    /// Pointer form: `vector` holds `dimension` floats. The node's attributes start `.unknown`.
    public func insert(id: UInt64, vector: UnsafePointer<Float>) {
        insert(id: id, vector: vector, attributes: .unknown)
    }

    /// Inserts rows of `vectors` with `ids` (and `attributes`, when given, one per row) on `threads` threads
    /// (1 = in order, reproducible).
    public func insert(ids: [UInt64], vectors: VectorMatrix, attributes: [NodeAttributes]? = nil, threads: Int = 1) {
        precondition(ids.count == vectors.count && vectors.dimension == dimension)
        precondition(attributes == nil || attributes!.count == ids.count)
        structure.withWriteLock { grow(toAtLeast: slotCount.load(ordering: .relaxed) + ids.count) }
        vectors.withUnsafeRows { base in
            guard let base else { return }
            let rows = SendablePointer(base)
            ParallelRange.run(count: ids.count, threads: threads) { i in
                self.insert(id: ids[i], vector: rows.pointer + i * self.dimension, attributes: attributes?[i] ?? .unknown)
            }
        }
    }

    /// Marks `id` deleted; it is never returned again. Returns false when absent.
    @discardableResult
    public func remove(id: UInt64) -> Bool {
        structure.withReadLock {
            let slot: UInt32? = registry.withLock { r in
                guard let s = r.idToSlot.removeValue(forKey: id) else { return nil }
                r.tombstoneCount += 1
                return s
            }
            guard let slot else { return false }
            tombstones[Int(slot)].store(1, ordering: .releasing)
            return true
        }
    }

    /// Returns false when the arrays are full (the caller grows them and retries).
    func insertLocked(id: UInt64, vector: UnsafePointer<Float>, attributes: NodeAttributes) -> Bool {
        // Claim a slot, replace an existing ID, draw a level.
        let claim: (slot: UInt32, level: Int, replaced: UInt32?)? = registry.withLock { r in
            let slot = slotCount.load(ordering: .relaxed)
            guard slot < capacity else { return nil }
            slotCount.store(slot + 1, ordering: .relaxed)
            let replaced = r.idToSlot.updateValue(UInt32(slot), forKey: id)
            if replaced != nil { r.tombstoneCount += 1 }
            let u = max(r.levelGenerator.nextUnit(), .leastNormalMagnitude)
            let level = min(Int(-_log(u) * levelScale), 32)
            return (UInt32(slot), level, replaced)
        }
        guard let claim else { return false }
        let slot = claim.slot, level = claim.level
        if let old = claim.replaced { tombstones[Int(old)].store(1, ordering: .releasing) }

        // Write the node before anything can link to it.
        let record = records + Int(slot) * recordStride
        record.copyMemory(from: vector, byteCount: dimension * 4)
        if metric == .cosine { VectorKernels.normalize(record.assumingMemoryBound(to: Float.self), count: dimension) }
        (record + tagOffset).storeBytes(of: id, as: UInt64.self)
        Self.writeAttributes(attributes, to: attributeWords(Int(slot)))
        levels[Int(slot)] = UInt8(level)
        if level > 0 {
            let bytes = level * upperLayerWords * 4
            let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            block.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            upperLinks[Int(slot)] = block
        }

        switch metric {
        case .l2: connect(L2Kernel.self, slot: slot, level: level)
        case .innerProduct, .cosine: connect(InnerProductKernel.self, slot: slot, level: level)
        }
        return true
    }

    private func connect<K: DistanceKernel>(_ kernel: K.Type, slot: UInt32, level: Int) {
        let newEntry = UInt64(level) << 32 | UInt64(slot)
        var e = entry.load(ordering: .acquiring)
        if e == Self.noEntry {
            let (exchanged, original) = entry.compareExchange(expected: Self.noEntry, desired: newEntry,
                                                              ordering: .acquiringAndReleasing)
            if exchanged { return }
            e = original
        }
        let query = vectorPointer(slot)
        var current = UInt32(truncatingIfNeeded: e)
        let top = Int(e >> 32)
        var currentDistance = K.distance(query, vectorPointer(current), dimension: dimension)
        if top > level {
            for layer in stride(from: top, to: level, by: -1) {
                greedyDescend(kernel, query, layer: layer, current: &current, distance: &currentDistance)
            }
        }

        let scratch = scratchPool.take(slots: capacity)
        defer { scratchPool.give(scratch) }
        var candidates: [(distance: Float, slot: UInt32)] = []
        candidates.reserveCapacity(parameters.efConstruction)
        for layer in stride(from: min(level, top), through: 0, by: -1) {
            searchLayer(kernel, query, entry: current, entryDistance: currentDistance,
                        ef: parameters.efConstruction, layer: layer, scratch: scratch, filter: AllowAll())
            candidates.removeAll(keepingCapacity: true)
            while !scratch.results.isEmpty {
                candidates.append((scratch.results.topDistance, scratch.results.topSlot))
                scratch.results.pop()
            }
            candidates.reverse()  // closest first
            candidates.removeAll { $0.slot == slot }
            guard !candidates.isEmpty else { continue }
            let selected = selectNeighbors(kernel, candidates, limit: maxM)
            link(slot, to: selected, layer: layer)
            for neighbor in selected { addBackLink(kernel, from: neighbor, to: slot, layer: layer) }
            current = candidates[0].slot
            currentDistance = candidates[0].distance
        }

        // A node taller than the graph becomes the entry point.
        var observed = entry.load(ordering: .acquiring)
        while Int(observed >> 32) < level || observed == Self.noEntry {
            let (exchanged, original) = entry.compareExchange(expected: observed, desired: newEntry,
                                                              ordering: .acquiringAndReleasing)
            if exchanged { break }
            observed = original
        }
    }

    /// The paper's neighbour-selection heuristic (Algorithm 4): walk candidates closest first and keep one only
    /// if it is closer to the new node than to every neighbour already kept. This keeps links pointing in
    /// different directions, which is what makes clustered data navigable.
    @inline(__always)
    func selectNeighbors<K: DistanceKernel>(_ kernel: K.Type, _ sorted: [(distance: Float, slot: UInt32)],
                                            limit: Int) -> [UInt32] {
        if sorted.count <= limit { return sorted.map(\.slot) }
        var kept: [UInt32] = []
        kept.reserveCapacity(limit)
        for candidate in sorted {
            if kept.count >= limit { break }
            let v = vectorPointer(candidate.slot)
            var good = true
            for other in kept where K.distance(v, vectorPointer(other), dimension: dimension) < candidate.distance {
                good = false
                break
            }
            if good { kept.append(candidate.slot) }
        }
        return kept
    }

    /// Replaces `slot`'s list on `layer`. Entries are stored before the count, with release ordering.
    private func link(_ slot: UInt32, to neighbors: [UInt32], layer: Int) {
        linkLocks.withLock(slot) {
            let list = links(slot, layer: layer)
            for (i, n) in neighbors.enumerated() { list[i + 1].store(n, ordering: .releasing) }
            list[0].store(UInt32(neighbors.count), ordering: .releasing)
        }
    }

    /// Adds the reverse edge `neighbor → slot`; when `neighbor`'s list is full, re-selects its neighbours with
    /// the same heuristic among the old ones plus `slot`.
    private func addBackLink<K: DistanceKernel>(_ kernel: K.Type, from neighbor: UInt32, to slot: UInt32, layer: Int) {
        let limit = maxLinks(layer: layer)
        linkLocks.withLock(neighbor) {
            let list = links(neighbor, layer: layer)
            let n = Int(list[0].load(ordering: .relaxed))
            for j in 0..<n where list[j + 1].load(ordering: .relaxed) == slot { return }
            if n < limit {
                list[n + 1].store(slot, ordering: .releasing)
                list[0].store(UInt32(n + 1), ordering: .releasing)
                return
            }
            let base = vectorPointer(neighbor)
            var pool: [(distance: Float, slot: UInt32)] = []
            pool.reserveCapacity(n + 1)
            pool.append((K.distance(base, vectorPointer(slot), dimension: dimension), slot))
            for j in 0..<n {
                let other = list[j + 1].load(ordering: .relaxed)
                pool.append((K.distance(base, vectorPointer(other), dimension: dimension), other))
            }
            pool.sort { $0.distance < $1.distance }
            let kept = selectNeighbors(kernel, pool, limit: limit)
            for (i, s) in kept.enumerated() { list[i + 1].store(s, ordering: .releasing) }
            list[0].store(UInt32(kept.count), ordering: .releasing)
        }
    }
}
