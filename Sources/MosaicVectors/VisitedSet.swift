/// Marks visited graph slots with a generation tag, so clearing between searches is one increment rather than
/// a memset of the whole array (the memset is paid once every 65 535 searches).
final class VisitedSet {
    private(set) var tags: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private(set) var generation: UInt16 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        tags = .allocate(capacity: self.capacity)
        tags.initialize(repeating: 0, count: self.capacity)
    }

    deinit { tags.deallocate() }

    /// Starts a new search over at least `slots` slots.
    func reset(slots: Int) {
        if slots > capacity {
            tags.deallocate()
            capacity = max(slots, capacity * 2)
            tags = .allocate(capacity: capacity)
            tags.initialize(repeating: 0, count: capacity)
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            tags.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    /// Marks `slot`; returns true when it was not yet visited in this search.
    @inline(__always)
    func insert(_ slot: UInt32) -> Bool {
        let p = tags + Int(slot)
        if p.pointee == generation { return false }
        p.pointee = generation
        return true
    }
}

/// Per-search working memory (visited tags and the two heaps), checked out of a pool so that concurrent
/// searches never share it and a search allocates nothing.
final class SearchScratch {
    let visited: VisitedSet
    var candidates: CandidateHeap
    var results: CandidateHeap
    /// Unvisited neighbours of the node being expanded (at most 2 × 128 + 1 links per node).
    let neighbors: UnsafeMutablePointer<UInt32>

    init(slots: Int) {
        visited = VisitedSet(capacity: slots)
        candidates = CandidateHeap(capacity: 256)
        results = CandidateHeap(capacity: 256)
        neighbors = .allocate(capacity: 512)
    }

    deinit {
        neighbors.deallocate()
        candidates.deallocate()
        results.deallocate()
    }
}
