import MosaicCore

/// Post ID → `PolicyFacts`, open addressing with linear probing and a multiplicative hash. The ANN filter looks
/// a post up for every node the graph search visits (thousands per request); Swift's `Dictionary` hashes each
/// key with SipHash, which made that lookup cost more than the distance computation beside it. Keys are
/// never removed one by one (a deleted post's facts say so; eviction rebuilds the table), which keeps probing
/// simple. Not thread-safe: each `CatalogTable` guards its own behind its shard's lock.
struct PolicyFactsTable {
    private var keys: [UInt64]
    private var values: [PolicyFacts]
    private var mask: Int
    private(set) var count = 0
    /// 0 marks an empty slot; post IDs are never 0, so no tombstone or flag array is needed.
    private static let empty: UInt64 = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [PolicyFacts](repeating: PolicyFacts(), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(id: PostID) -> PolicyFacts? {
        let key = id.rawValue
        guard key != Self.empty else { return nil }
        return keys.withUnsafeBufferPointer { k in
            var i = home(key)
            while true {
                let found = k[i]
                if found == key { return values[i] }
                if found == Self.empty { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    mutating func set(_ id: PostID, _ facts: PolicyFacts) {
        let key = id.rawValue
        precondition(key != Self.empty, "post ID 0 cannot be stored")
        if (count + 1) * 4 > keys.count * 3 { grow() }
        var i = home(key)
        while keys[i] != Self.empty && keys[i] != key { i = (i &+ 1) & mask }
        if keys[i] == Self.empty { count += 1; keys[i] = key }
        values[i] = facts
    }

    /// A table with only the entries `keep` accepts (eviction).
    func filter(_ keep: (PolicyFacts) -> Bool) -> PolicyFactsTable { rebuilt(capacity: count, keep: keep) }

    private mutating func grow() { self = rebuilt(capacity: keys.count) { _ in true } }

    /// The entries `keep` accepts, rehashed into a table sized for `capacity`.
    private func rebuilt(capacity: Int, keep: (PolicyFacts) -> Bool) -> PolicyFactsTable {
        var out = PolicyFactsTable(capacity: capacity)
        for i in keys.indices where keys[i] != Self.empty && keep(values[i]) { out.set(PostID(rawValue: keys[i]), values[i]) }
        return out
    }
}
