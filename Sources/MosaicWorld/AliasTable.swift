/// Vose's alias method: O(1) draws from a fixed discrete distribution.
///
/// The follow graph draws tens of millions of targets weighted by popularity, and the engagement simulator
/// draws millions of posts weighted by exposure; a binary search per draw would dominate generation time.
/// `items` maps table slots to the caller's indices so one table can cover a subset (a category, a region).
struct AliasTable: Sendable {
    private(set) var probability: [Float]
    private(set) var alias: [Int32]
    let items: [Int32]

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    /// - Parameters: weights are non-negative, one per item; an all-zero table samples uniformly.
    init(items: [Int32], weights: [Double]) {
        precondition(items.count == weights.count)
        self.items = items
        let n = items.count
        probability = [Float](repeating: 1, count: n)
        alias = [Int32](repeating: 0, count: n)
        guard n > 0 else { return }
        let total = weights.reduce(0, +)
        guard total > 0 else {
            for i in 0..<n { alias[i] = Int32(i) }
            return
        }
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int32] = [], large: [Int32] = []
        small.reserveCapacity(n); large.reserveCapacity(n)
        for i in 0..<n { if scaled[i] < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) } }
        while let s = small.popLast() {
            guard let l = large.last else { probability[Int(s)] = 1; alias[Int(s)] = s; continue }
            probability[Int(s)] = Float(scaled[Int(s)])
            alias[Int(s)] = l
            scaled[Int(l)] -= 1 - scaled[Int(s)]
            if scaled[Int(l)] < 1 { large.removeLast(); small.append(l) }
        }
        for l in large { probability[Int(l)] = 1; alias[Int(l)] = l }
    }

    /// One draw; returns the caller's index (from `items`). The table must not be empty.
    @inline(__always)
    func sample(_ rng: inout WorldRandom) -> Int32 {
        let slot = rng.below(items.count)
        let chosen = rng.unitFloat() < probability[slot] ? slot : Int(alias[slot])
        return items[chosen]
    }
}
