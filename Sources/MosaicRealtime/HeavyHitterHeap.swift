/// A bounded set of keys ordered by a count, smallest at the root: the trend detector's candidate set. When
/// full, a newcomer replaces the root only if its count is larger (the space-saving rule), so the set converges
/// on the heaviest keys of the stream. Indexed (key → heap slot) so that a member's count can grow in
/// O(log n); counts that shrink (the window rolls) are handled by `rebuild`.
struct HeavyHitterHeap<Key: Hashable> {
    private(set) var keys: [Key] = []
    private var counts: [UInt32] = []
    private var slot: [Key: Int] = [:]
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        keys.reserveCapacity(capacity); counts.reserveCapacity(capacity)
    }

    var count: Int { keys.count }
    var isFull: Bool { keys.count >= capacity }
    var minimum: (key: Key, count: UInt32)? { keys.isEmpty ? nil : (keys[0], counts[0]) }
    func contains(_ key: Key) -> Bool { slot[key] != nil }
    func count(of key: Key) -> UInt32? { slot[key].map { counts[$0] } }

    /// Offers a key with its count. Returns the evicted key when the set was full and the newcomer won.
    /// A newcomer that does not beat the minimum of a full set is not admitted (`admitted == false`).
    mutating func offer(_ key: Key, count: UInt32) -> (admitted: Bool, evicted: Key?) {
        if let i = slot[key] {
            let old = counts[i]
            counts[i] = count
            if count > old { siftDown(i) } else { siftUp(i) }
            return (true, nil)
        }
        if !isFull {
            keys.append(key); counts.append(count); slot[key] = keys.count - 1
            siftUp(keys.count - 1)
            return (true, nil)
        }
        guard count > counts[0] else { return (false, nil) }
        let evicted = keys[0]
        slot[evicted] = nil
        keys[0] = key; counts[0] = count; slot[key] = 0
        siftDown(0)
        return (true, evicted)
    }

    mutating func remove(_ key: Key) {
        guard let i = slot.removeValue(forKey: key) else { return }
        let last = keys.count - 1
        if i != last {
            keys[i] = keys[last]; counts[i] = counts[last]; slot[keys[i]] = i
        }
        keys.removeLast(); counts.removeLast()
        if i < keys.count { siftDown(i); siftUp(i) }
    }

    /// Recomputes every member's count (dropping members whose new count is nil) and re-heapifies in O(n).
    mutating func rebuild(_ newCount: (Key) -> UInt32?) {
        var k: [Key] = [], c: [UInt32] = []
        for key in keys { if let n = newCount(key) { k.append(key); c.append(n) } }
        keys = k; counts = c
        slot.removeAll(keepingCapacity: true)
        for (i, key) in keys.enumerated() { slot[key] = i }
        var i = keys.count / 2
        while i > 0 { i -= 1; siftDown(i) }
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        keys.swapAt(a, b); counts.swapAt(a, b)
        slot[keys[a]] = a; slot[keys[b]] = b
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let p = (i - 1) / 2
            guard counts[i] < counts[p] else { return }
            swapAt(i, p); i = p
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n, counts[l] < counts[m] { m = l }
            if r < n, counts[r] < counts[m] { m = r }
            guard m != i else { return }
            swapAt(i, m); i = m
        }
    }
}

extension HeavyHitterHeap: Sendable where Key: Sendable {}
