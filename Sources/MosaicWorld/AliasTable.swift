/// Vose's alias method: O(1) draws from a fixed discrete distribution.
///
/// The follow graph draws tens of millions of targets weighted by popularity, and the engagement simulator
/// draws millions of posts weighted by exposure; a binary search per draw would dominate generation time.
/// Each slot holds its threshold, its own item and its alias's item together (12 bytes), so a draw from a
/// table of millions costs one cache miss. Items are the caller's indices, so one table can cover a subset
/// (a category, a region).
struct AliasTable: Sendable {
    struct Slot: Sendable {
        var threshold: Float
        var item: Int32
        var aliasItem: Int32
    }

    private(set) var slots: [Slot]

    var isEmpty: Bool { slots.isEmpty }
    var count: Int { slots.count }

    /// - Parameters: weights are non-negative, one per item; an all-zero table samples uniformly.
    init(items: [Int32], weights: [Double]) {
        precondition(items.count == weights.count)
        let n = items.count
        slots = items.map { Slot(threshold: 1, item: $0, aliasItem: $0) }
        guard n > 0 else { return }
        let total = weights.reduce(0, +)
        guard total > 0 else { return }
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int32] = [], large: [Int32] = []
        small.reserveCapacity(n); large.reserveCapacity(n)
        for i in 0..<n { if scaled[i] < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) } }
        while let s = small.popLast() {
            // Leftovers from rounding keep threshold 1 (they always pick themselves).
            guard let l = large.last else { continue }
            slots[Int(s)].threshold = Float(scaled[Int(s)])
            slots[Int(s)].aliasItem = items[Int(l)]
            scaled[Int(l)] -= 1 - scaled[Int(s)]
            if scaled[Int(l)] < 1 { large.removeLast(); small.append(l) }
        }
    }

    /// One draw; returns the caller's index. The table must not be empty.
    @inline(__always)
    func sample(_ rng: inout WorldRandom) -> Int32 {
        let slot = slots[rng.below(slots.count)]
        return rng.unitFloat() < slot.threshold ? slot.item : slot.aliasItem
    }
}
