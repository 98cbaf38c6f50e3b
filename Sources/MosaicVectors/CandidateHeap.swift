/// A binary max-heap of (key, slot) pairs on a buffer that is reused across searches, so a query allocates
/// nothing. The result set keys by distance (farthest on top, to evict); the candidate frontier keys by
/// negated distance (closest on top). One order means no comparison flag in the sift loops. Keys and slots
/// sit in separate arrays so sifting compares floats only.
@usableFromInline
struct CandidateHeap {
    @usableFromInline var distances: UnsafeMutablePointer<Float>
    @usableFromInline var slots: UnsafeMutablePointer<UInt32>
    @usableFromInline var capacity: Int
    @usableFromInline var count: Int = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        self.distances = .allocate(capacity: self.capacity)
        self.slots = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        distances.deallocate()
        slots.deallocate()
    }

    @inlinable var isEmpty: Bool { count == 0 }
    @inlinable var topDistance: Float { distances[0] }
    @inlinable var topSlot: UInt32 { slots[0] }

    @inlinable mutating func removeAll() { count = 0 }

    /// `a` belongs above `b`.
    @inlinable @inline(__always)
    func above(_ a: Float, _ b: Float) -> Bool { a > b }

    @inlinable
    mutating func push(_ distance: Float, _ slot: UInt32) {
        if count == capacity { grow() }
        var i = count
        count &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            let pd = distances[parent]
            if !above(distance, pd) { break }
            distances[i] = pd
            slots[i] = slots[parent]
            i = parent
        }
        distances[i] = distance
        slots[i] = slot
    }

    @inlinable
    mutating func pop() {
        count &-= 1
        guard count > 0 else { return }
        let d = distances[count], s = slots[count]
        var i = 0
        while true {
            let l = 2 &* i &+ 1
            if l >= count { break }
            let r = l &+ 1
            var c = l
            if r < count && above(distances[r], distances[l]) { c = r }
            if !above(distances[c], d) { break }
            distances[i] = distances[c]
            slots[i] = slots[c]
            i = c
        }
        distances[i] = d
        slots[i] = s
    }

    @usableFromInline
    mutating func grow() {
        let newCapacity = capacity * 2
        let nd = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
        let ns = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        nd.update(from: distances, count: count)
        ns.update(from: slots, count: count)
        distances.deallocate()
        slots.deallocate()
        distances = nd
        slots = ns
        capacity = newCapacity
    }
}
