import MosaicCore

/// ID → value, open addressing with linear probing and a multiplicative hash. The funnel looks IDs up tens of
/// thousands of times per request (the ANN filter once per post that would enter its results, candidates by
/// post, authors in the viewer's exclusions); Swift's `Dictionary` and `Set` hash each key with SipHash, which
/// made those lookups cost more than the distance computations beside them. Keys are never removed one by one
/// (a deleted post's facts say so; eviction rebuilds the table), which keeps probing simple. Not thread-safe:
/// each `CatalogTable` guards its own behind its shard's lock; the others live inside one request.
struct IDMap<Value> {
    private var keys: [UInt64]
    private var slots: [Value]
    private var mask: Int
    private let filler: Value
    private(set) var count = 0
    /// 0 marks an empty slot; IDs are never 0, so no tombstone or flag array is needed.
    private static var empty: UInt64 { 0 }

    /// `filler` fills the empty slots (never returned).
    init(capacity: Int = 16, filler: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        slots = [Value](repeating: filler, count: size)
        mask = size - 1
        self.filler = filler
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The slot holding `key`, or nil.
    @inline(__always)
    private func slot(_ key: UInt64) -> Int? {
        guard key != Self.empty else { return nil }
        return keys.withUnsafeBufferPointer { k in
            var i = home(key)
            while true {
                let found = k[i]
                if found == key { return i }
                if found == Self.empty { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    subscript(id: MosaicID) -> Value? { slot(id.rawValue).map { slots[$0] } }

    func contains(_ id: MosaicID) -> Bool { slot(id.rawValue) != nil }

    mutating func set(_ id: MosaicID, _ value: Value) {
        let key = id.rawValue
        precondition(key != Self.empty, "ID 0 cannot be stored")
        if (count + 1) * 4 > keys.count * 3 { grow() }
        var i = home(key)
        while keys[i] != Self.empty && keys[i] != key { i = (i &+ 1) & mask }
        if keys[i] == Self.empty { count += 1; keys[i] = key }
        slots[i] = value
    }

    /// The stored values, in slot order (full scans: pool builds, eviction, tools).
    var values: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for i in keys.indices where keys[i] != Self.empty { out.append(slots[i]) }
        return out
    }

    /// A map with only the entries `keep` accepts (eviction).
    func filter(_ keep: (Value) -> Bool) -> IDMap { rebuilt(capacity: count, keep: keep) }

    private mutating func grow() { self = rebuilt(capacity: keys.count) { _ in true } }

    /// The entries `keep` accepts, rehashed into a map sized for `capacity`.
    private func rebuilt(capacity: Int, keep: (Value) -> Bool) -> IDMap {
        var out = IDMap(capacity: capacity, filler: filler)
        for i in keys.indices where keys[i] != Self.empty && keep(slots[i]) { out.set(MosaicID(rawValue: keys[i]), slots[i]) }
        return out
    }
}

/// Post ID → `PolicyFacts` (the catalogue's ANN-filter table).
typealias PolicyFactsTable = IDMap<PolicyFacts>

extension IDMap where Value == PolicyFacts {
    init(capacity: Int = 16) { self.init(capacity: capacity, filler: PolicyFacts()) }
}

/// A set of IDs with `IDMap`'s lookups (the viewer's excluded authors and posts, tested per candidate).
struct IDSet: Sendable {
    private var map: IDMap<Bool>
    init<S: Sequence>(_ ids: S) where S.Element == MosaicID {
        map = IDMap(capacity: ids.underestimatedCount, filler: false)
        for id in ids { map.set(id, true) }
    }
    @inline(__always) func contains(_ id: MosaicID) -> Bool { map.contains(id) }
    var count: Int { map.count }
}

extension IDMap: Sendable where Value: Sendable {}
