import CPrefetch
import MosaicCore

/// ID → value, open addressing with linear probing and a multiplicative hash. The funnel looks IDs up tens of
/// thousands of times per request (the ANN filter tests the viewer's excluded authors and posts for each post
/// that would enter its results; candidates by post; catalogue entries); Swift's `Dictionary` and `Set` hash
/// each key with SipHash, which made those lookups cost more than the distance computations beside them. Keys
/// are never removed one by one (a deleted post's entry says so; eviction rebuilds the table). Not thread-safe:
/// each `CatalogTable` guards its own behind its shard's lock; the others live inside one request.
struct IDMap<Value> {
    /// A key and its value side by side, so a lookup that finds its key at home touches one cache line (with
    /// separate key and value arrays a hit was two misses; lookups in a 1 M-post catalogue are memory-bound).
    fileprivate struct Slot {
        var key: UInt64
        var value: Value
    }
    private var slots: [Slot]
    private var mask: Int
    private let filler: Value
    private(set) var count = 0
    /// 0 marks an empty slot; IDs are never 0, so no tombstone or flag array is needed.
    private static var empty: UInt64 { 0 }

    /// `filler` fills the empty slots (never returned).
    init(capacity: Int = 16, filler: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.empty, value: filler), count: size)
        mask = size - 1
        self.filler = filler
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The value stored for `key`, or nil.
    @inline(__always)
    private func find(_ key: UInt64) -> Value? {
        guard key != Self.empty else { return nil }
        return slots.withUnsafeBufferPointer { s in
            var i = home(key)
            while true {
                let found = s[i].key
                if found == key { return s[i].value }
                if found == Self.empty { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    subscript(id: MosaicID) -> Value? { find(id.rawValue) }

    /// Looks `keys` up in order, handing `body` each position and value: the home slot of the key `ahead`
    /// places on is prefetched first, so a batch of random keys (the ANN's 2,000 hits in a 1 M-post table)
    /// overlaps its cache misses instead of waiting for each in turn.
    func lookUp(_ keys: [MosaicID], ahead: Int = 8, _ body: (Int, Value?) -> Void) {
        slots.withUnsafeBufferPointer { s in
            guard let base = s.baseAddress else { return }
            for i in 0..<min(ahead, keys.count) { mosaic_prefetch_lines(base + home(keys[i].rawValue), 2) }
            for i in keys.indices {
                if i &+ ahead < keys.count { mosaic_prefetch_lines(base + home(keys[i &+ ahead].rawValue), 2) }
                body(i, find(keys[i].rawValue))
            }
        }
    }

    func contains(_ id: MosaicID) -> Bool { find(id.rawValue) != nil }

    mutating func set(_ id: MosaicID, _ value: Value) {
        let key = id.rawValue
        precondition(key != Self.empty, "ID 0 cannot be stored")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var i = home(key)
        while slots[i].key != Self.empty && slots[i].key != key { i = (i &+ 1) & mask }
        if slots[i].key == Self.empty { count += 1; slots[i].key = key }
        slots[i].value = value
    }

    /// The stored values, in slot order (full scans: pool builds, eviction, tools).
    var values: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for s in slots where s.key != Self.empty { out.append(s.value) }
        return out
    }

    /// A map with only the entries `keep` accepts (eviction).
    func filter(_ keep: (Value) -> Bool) -> IDMap { rebuilt(capacity: count, keep: keep) }

    private mutating func grow() { self = rebuilt(capacity: slots.count) { _ in true } }

    /// The entries `keep` accepts, rehashed into a map sized for `capacity`.
    private func rebuilt(capacity: Int, keep: (Value) -> Bool) -> IDMap {
        var out = IDMap(capacity: capacity, filler: filler)
        for s in slots where s.key != Self.empty && keep(s.value) { out.set(MosaicID(rawValue: s.key), s.value) }
        return out
    }
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
extension IDMap.Slot: Sendable where Value: Sendable {}
