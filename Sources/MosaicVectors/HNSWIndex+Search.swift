import CPrefetch
import Synchronization

extension HNSWIndex {
    /// The `k` nearest live vectors to `query`, closest first.
    /// - Parameter ef: beam width (default `parameters.efSearch`, raised to `k`); higher is slower and more exact.
    public func search(_ query: [Float], k: Int, ef: Int? = nil) -> [Neighbor] {
        search(query, k: k, ef: ef, filter: AllowAll())
    }

    /// The `k` nearest live vectors whose IDs pass `filter`, closest first. See `VectorFilter` for how the
    /// filter is applied during traversal.
    public func search<F: VectorFilter>(_ query: [Float], k: Int, ef: Int? = nil, filter: F) -> [Neighbor] {
        precondition(query.count == dimension, "HNSW: query has \(query.count) values, index has \(dimension)")
        return query.withUnsafeBufferPointer { search($0.baseAddress!, k: k, ef: ef, filter: filter) }
    }

    /// The `k` nearest live vectors whose IDs satisfy `predicate`, closest first.
    public func search(_ query: [Float], k: Int, ef: Int? = nil, where predicate: (UInt64) -> Bool) -> [Neighbor] {
        withoutActuallyEscaping(predicate) { p in
            search(query, k: k, ef: ef, filter: ClosureFilter(predicate: p))
        }
    }

    /// Pointer form for callers that keep queries in a `VectorMatrix` (no copy). `query` holds `dimension`
    /// floats.
    public func search<F: VectorFilter>(_ query: UnsafePointer<Float>, k: Int, ef: Int? = nil, filter: F) -> [Neighbor] {
        guard k > 0 else { return [] }
        let beam = max(ef ?? parameters.efSearch, k)
        var normalized: [Float] = []
        var q = query
        if metric == .cosine {
            normalized = Array(UnsafeBufferPointer(start: query, count: dimension))
            normalized.withUnsafeMutableBufferPointer { VectorKernels.normalize($0.baseAddress!, count: dimension) }
        }
        return normalized.withUnsafeBufferPointer { nb in
            if metric == .cosine { q = nb.baseAddress! }
            return structure.withReadLock {
                switch metric {
                case .l2: return searchLocked(L2Kernel.self, q, k: k, ef: beam, filter: filter)
                case .innerProduct, .cosine:
                    return searchLocked(InnerProductKernel.self, q, k: k, ef: beam, filter: filter)
                }
            }
        }
    }

    @inline(__always)
    func searchLocked<K: DistanceKernel, F: VectorFilter>(_ kernel: K.Type, _ query: UnsafePointer<Float>,
                                                          k: Int, ef: Int, filter: F) -> [Neighbor] {
        let e = entry.load(ordering: .acquiring)
        guard e != Self.noEntry else { return [] }
        var current = UInt32(truncatingIfNeeded: e)
        let top = Int(e >> 32)
        var currentDistance = K.distance(query, vectorPointer(current), dimension: dimension)
        if top > 0 {
            for layer in stride(from: top, through: 1, by: -1) {
                greedyDescend(kernel, query, layer: layer, current: &current, distance: &currentDistance)
            }
        }
        let scratch = scratchPool.take(slots: capacity)
        defer { scratchPool.give(scratch) }
        searchLayer(kernel, query, entry: current, entryDistance: currentDistance, ef: ef, layer: 0,
                    scratch: scratch, filter: filter)
        while scratch.results.count > k { scratch.results.pop() }
        // Pop closest-last into `out`, keeping slots in the ID field; then read the IDs with the records a few
        // places ahead prefetched (the results' records have mostly left the cache since the search touched
        // them, and reading 1,000 IDs one miss at a time was a twentieth of a large search).
        let n = scratch.results.count
        var out = [Neighbor](repeating: Neighbor(id: 0, distance: 0), count: n)
        out.withUnsafeMutableBufferPointer { o in
            var i = n - 1
            while !scratch.results.isEmpty {
                o[i] = Neighbor(id: UInt64(scratch.results.topSlot), distance: scratch.results.topDistance)
                scratch.results.pop()
                i -= 1
            }
            let ahead = 8
            for j in 0..<Swift.min(ahead, n) { mosaic_prefetch_lines(records + (Int(o[j].id) &* recordStride &+ tagOffset), 1) }
            for j in 0..<n {
                if j &+ ahead < n {
                    mosaic_prefetch_lines(records + (Int(o[j &+ ahead].id) &* recordStride &+ tagOffset), 1)
                }
                o[j].id = label(Int(o[j].id))
            }
        }
        return out
    }

    /// Walks `layer` greedily towards `query` (beam width 1), as the upper layers need.
    @inline(__always)
    func greedyDescend<K: DistanceKernel>(_ kernel: K.Type, _ query: UnsafePointer<Float>, layer: Int,
                                         current: inout UInt32, distance: inout Float) {
        var changed = true
        while changed {
            changed = false
            let list = links(current, layer: layer)
            let n = min(Int(list[0].load(ordering: .acquiring)), maxM)
            var j = 1
            while j <= n {
                let candidate = list[j].load(ordering: .acquiring)
                let d = K.distance(query, vectorPointer(candidate), dimension: dimension)
                if d < distance {
                    distance = d
                    current = candidate
                    changed = true
                }
                j &+= 1
            }
        }
    }

    /// Beam search on one layer (Algorithm 2 of the paper). Leaves up to `ef` accepted nodes in
    /// `scratch.results` (a max-heap by distance). Rejected and tombstoned nodes are expanded but not kept,
    /// and the search only stops early once `ef` accepted nodes are held, so filtered recall holds.
    ///
    /// Each expansion first collects the unvisited neighbours and prefetches their records (the search is
    /// bound by cache misses on a large index: issuing every miss of an expansion before computing any distance
    /// lets the memory system serve them together), and prefetches the next candidate's neighbour list. Then
    /// distances are computed four rows at a time (`distance4`: one query load per four rows). The heaps are
    /// copied into locals for the loop (they are structs of pointers) so no class-property access checks run
    /// inside it.
    func searchLayer<K: DistanceKernel, F: VectorFilter>(_ kernel: K.Type, _ query: UnsafePointer<Float>,
                                                        entry: UInt32, entryDistance: Float, ef: Int, layer: Int,
                                                        scratch: SearchScratch, filter: F) {
        let visited = scratch.visited
        visited.reset(slots: capacity)
        let tags = visited.tags
        let generation = visited.generation
        var candidates = scratch.candidates
        var results = scratch.results
        defer {
            scratch.candidates = candidates
            scratch.results = results
        }
        candidates.removeAll()
        results.removeAll()
        let pending = scratch.neighbors
        let limit = maxLinks(layer: layer)
        let dim = dimension
        let base = records
        let stride = recordStride
        let flags = tombstones
        let tagOffset = self.tagOffset
        // Lines to fetch per neighbour: its vector, and its tag when the filter reads the ID or attributes
        // (records start on a line, so the vector takes whole lines and the tag follows it).
        let fetchedBytes = F.input == .nothing ? dim &* 4 : tagOffset &+ 24
        let recordLines = Int32(min((fetchedBytes &+ 63) >> 6, 16))

        /// The filter's decision on a node, read from its record's tag.
        @inline(__always)
        func passes(_ slot: UInt32) -> Bool {
            let tag = base + (Int(slot) &* stride &+ tagOffset)
            let id = tag.load(as: UInt64.self)
            guard F.input == .attributes else { return filter.allows(id) }
            return filter.allows(id, attributes: Self.readAttributes((tag + 8).assumingMemoryBound(to: Atomic<UInt64>.self)))
        }

        tags[Int(entry)] = generation
        var lowerBound = Float.infinity
        if flags[Int(entry)].load(ordering: .relaxed) == 0 && passes(entry) {
            results.push(entryDistance, entry)
            lowerBound = entryDistance
        }
        candidates.push(-entryDistance, entry)

        /// Offers one scored neighbour to the frontier and, if live and allowed, to the results.
        @inline(__always)
        func offer(_ d: Float, _ neighbor: UInt32) {
            if results.count < ef || d < lowerBound {
                candidates.push(-d, neighbor)
                if flags[Int(neighbor)].load(ordering: .relaxed) == 0 && passes(neighbor) {
                    results.push(d, neighbor)
                    if results.count > ef { results.pop() }
                    lowerBound = results.topDistance
                }
            }
        }

        while !candidates.isEmpty {
            let candidateDistance = -candidates.topDistance
            if candidateDistance > lowerBound && results.count >= ef { break }
            let node = candidates.topSlot
            candidates.pop()

            let list = links(node, layer: layer)
            let n = min(Int(list[0].load(ordering: .acquiring)), limit)
            var fresh = 0
            var j = 1
            while j <= n {
                let neighbor = list[j].load(ordering: .acquiring)
                j &+= 1
                let tag = tags + Int(neighbor)
                if tag.pointee == generation { continue }
                tag.pointee = generation
                mosaic_prefetch_lines(base + Int(neighbor) &* stride, recordLines)
                pending[fresh] = neighbor
                fresh &+= 1
            }
            if !candidates.isEmpty {
                let next = candidates.topSlot
                mosaic_prefetch_lines(UnsafeRawPointer(links(next, layer: layer)), 1)
            }
            var m = 0
            while m &+ 4 <= fresh {
                let a = pending[m], b = pending[m &+ 1], c = pending[m &+ 2], e = pending[m &+ 3]
                let d = K.distance4(query,
                                    (base + Int(a) &* stride).assumingMemoryBound(to: Float.self),
                                    (base + Int(b) &* stride).assumingMemoryBound(to: Float.self),
                                    (base + Int(c) &* stride).assumingMemoryBound(to: Float.self),
                                    (base + Int(e) &* stride).assumingMemoryBound(to: Float.self), dimension: dim)
                offer(d[0], a)
                offer(d[1], b)
                offer(d[2], c)
                offer(d[3], e)
                m &+= 4
            }
            while m < fresh {
                let neighbor = pending[m]
                m &+= 1
                offer(K.distance(query, (base + Int(neighbor) &* stride).assumingMemoryBound(to: Float.self),
                                 dimension: dim), neighbor)
            }
        }
    }
}

/// Adapts a non-escaping closure for the generic search path.
struct ClosureFilter: VectorFilter {
    let predicate: (UInt64) -> Bool
    @inline(__always) func allows(_ id: UInt64) -> Bool { predicate(id) }
}

