import Synchronization

/// A hierarchical navigable small-world graph (Malkov & Yashunin, 2018) over Float32 vectors with external
/// 64-bit IDs, online inserts concurrent with searches, tombstone deletes, filtered search and a flat file
/// format.
///
/// ## Memory layout
/// Node `slot` owns one fixed-size record in a single contiguous buffer: its vector, its tag (external ID and
/// two attribute words, `NodeAttributes`), then its layer-0 neighbour list (`count`, then `2M` slots). Keeping
/// a node's vector, ID and links together means a hop touches one region, as in hnswlib; the tag beside the
/// vector lets a filter decide from the lines the distance already fetched (Explore's policy filter used to
/// look each ID up in a separate table: a cache miss and a lock per test, a third of its search time).
/// Records are a whole number of 64-byte lines, so a vector never straddles one line more than it needs.
/// Upper-layer lists (about one node in `M` has any) are separate small blocks.
///
/// ## Thread safety (why this design)
/// - A read-write lock (`structure`) is held *shared* by every search and insert, and *exclusively* only by
///   what moves memory: growing the arrays, saving, snapshots for compaction. Growth doubles capacity, so it
///   is rare; searches never wait on inserts.
/// - Neighbour lists are arrays of `Atomic<UInt32>`. Writers change a node's list under that node's stripe of
///   `StripedLocks` and store with release ordering; readers load with acquire ordering and take no lock.
///   On x86-64 and AArch64 these are plain loads, so a search pays nothing for them. A node's vector, label and
///   level are written before any link to it is published, so a reader that reaches a node through an acquire
///   load also sees its data: no data race, which the thread sanitizer checks in the tests.
///   A reader may see a list mid-update (a mix of old and new neighbours); every entry is a valid,
///   fully written node, so the worst case is a slightly different path, as in hnswlib.
/// - The ID map, slot allocation and the level generator sit behind one small mutex (`registry`).
/// - Deletes set an atomic tombstone flag; tombstoned nodes still route searches but are never returned,
///   and are never chosen as new neighbours. `compacted()` rebuilds without them.
public final class HNSWIndex: @unchecked Sendable {
    public let dimension: Int
    public let metric: DistanceMetric
    public let parameters: HNSWParameters

    /// Links kept per node on upper layers and on layer 0.
    let maxM: Int
    let maxM0: Int
    /// 1 / ln(M): the level distribution's scale.
    let levelScale: Double
    /// Bytes per node record, where its tag (ID, attributes) and its layer-0 list start inside it.
    let recordStride: Int
    let tagOffset: Int
    let linksOffset: Int
    /// 32-bit words per upper layer: count + maxM links.
    let upperLayerWords: Int

    let structure = ReadWriteLock()
    let linkLocks = StripedLocks()
    let registry: Locked<Registry>
    let scratchPool = ScratchPool()

    // Storage; pointers change only under `structure`'s write lock.
    var capacity: Int
    var records: UnsafeMutableRawPointer
    var levels: UnsafeMutablePointer<UInt8>
    var upperLinks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    var tombstones: UnsafeMutablePointer<Atomic<UInt8>>

    /// Slots handed out so far (live + tombstoned + in-flight inserts).
    let slotCount = Atomic<Int>(0)
    /// Entry point packed as `level << 32 | slot`; `HNSWIndex.noEntry` while empty.
    let entry = Atomic<UInt64>(HNSWIndex.noEntry)
    static let noEntry = UInt64.max

    struct Registry {
        var idToSlot: [UInt64: UInt32] = [:]
        var levelGenerator: SplitMix64
        var tombstoneCount = 0
    }

    /// - Parameters:
    ///   - dimension: length of every vector.
    ///   - metric: see `DistanceMetric`; cosine vectors are normalised on the way in.
    ///   - parameters: `M`, `efConstruction`, default `efSearch`, seed.
    ///   - capacity: initial number of slots; the index grows by doubling, so this is only a hint.
    public init(dimension: Int, metric: DistanceMetric = .l2, parameters: HNSWParameters = HNSWParameters(),
                capacity: Int = 1024) {
        precondition(dimension > 0, "HNSW: dimension must be positive")
        self.dimension = dimension
        self.metric = metric
        self.parameters = parameters
        maxM = parameters.M
        maxM0 = parameters.M * 2
        levelScale = 1 / _log(Double(max(parameters.M, 2)))
        (tagOffset, linksOffset, recordStride) = Self.recordLayout(dimension: dimension, M: parameters.M)
        upperLayerWords = 1 + maxM
        registry = Locked(Registry(levelGenerator: SplitMix64(seed: parameters.seed)))
        self.capacity = max(capacity, 16)
        records = .allocate(byteCount: self.capacity * recordStride, alignment: 64)
        records.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity * recordStride)
        levels = .allocate(capacity: self.capacity)
        upperLinks = .allocate(capacity: self.capacity)
        upperLinks.initialize(repeating: nil, count: self.capacity)
        tombstones = Self.allocateFlags(self.capacity)
    }

    /// Convenience with the parameter names of the issue.
    public convenience init(dimension: Int, metric: DistanceMetric, M: Int, efConstruction: Int, efSearch: Int = 64) {
        self.init(dimension: dimension, metric: metric,
                  parameters: HNSWParameters(M: M, efConstruction: efConstruction, efSearch: efSearch))
    }

    deinit {
        let n = slotCount.load(ordering: .relaxed)
        for s in 0..<n { upperLinks[s]?.deallocate() }
        records.deallocate()
        levels.deallocate()
        upperLinks.deallocate()
        tombstones.deallocate()
    }

    /// Where a record's tag and links start and its size: the vector, then the tag at an 8-byte boundary (ID +
    /// two attribute words), then the layer-0 list, rounded up to whole 64-byte lines.
    static func recordLayout(dimension: Int, M: Int) -> (tag: Int, links: Int, stride: Int) {
        let tag = (dimension * 4 + 7) & ~7
        let links = tag + 24
        return (tag, links, (links + (1 + 2 * M) * 4 + 63) & ~63)
    }

    static func allocateFlags(_ n: Int) -> UnsafeMutablePointer<Atomic<UInt8>> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 8)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        return raw.bindMemory(to: Atomic<UInt8>.self, capacity: n)
    }

    // MARK: Public state

    /// Live (not deleted) vectors.
    public var count: Int { registry.withLock { $0.idToSlot.count } }

    /// Deleted vectors still occupying slots (they route searches until `compacted()`).
    public var tombstoneCount: Int { registry.withLock { $0.tombstoneCount } }

    /// Fraction of slots that are tombstones; rebuild (`compacted()`) when it passes ~0.2 to restore recall
    /// and memory.
    public var tombstoneRatio: Double {
        registry.withLock { r in
            let total = r.idToSlot.count + r.tombstoneCount
            return total == 0 ? 0 : Double(r.tombstoneCount) / Double(total)
        }
    }

    public func contains(id: UInt64) -> Bool { registry.withLock { $0.idToSlot[id] != nil } }

    /// All live IDs (unordered).
    public var ids: [UInt64] { registry.withLock { Array($0.idToSlot.keys) } }

    /// The stored vector for `id` (normalised, for cosine), or nil.
    public func vector(for id: UInt64) -> [Float]? {
        structure.withReadLock {
            guard let slot = registry.withLock({ $0.idToSlot[id] }) else { return nil }
            let p = vectorPointer(slot)
            return Array(UnsafeBufferPointer(start: p, count: dimension))
        }
    }

    /// Copies the stored vectors of `ids` into `out` (row `i` at `i × dimension`; rows of absent IDs are left as
    /// they are) and says which were found: one read lock and one registry lock for the batch, where
    /// `vector(for:)` per ID takes both and allocates an array each time.
    public func copyVectors(_ ids: [UInt64], into out: UnsafeMutablePointer<Float>) -> [Bool] {
        structure.withReadLock {
            let slots = registry.withLock { r in ids.map { r.idToSlot[$0] } }
            return slots.enumerated().map { i, slot in
                guard let slot else { return false }
                (out + i * dimension).update(from: vectorPointer(slot), count: dimension)
                return true
            }
        }
    }

    /// Bytes held by the index: node records, per-slot arrays, upper-layer lists and the ID map (estimated
    /// at 16 bytes per entry plus the hash table's slack).
    public var memoryFootprint: Int {
        structure.withReadLock {
            let n = slotCount.load(ordering: .relaxed)
            var upper = 0
            for s in 0..<n { upper += Int(levels[s]) * upperLayerWords * 4 }
            let mapEntries = registry.withLock { $0.idToSlot.capacity }
            return capacity * (recordStride + 1 + 8 + 1) + upper + mapEntries * 17
        }
    }

    // MARK: Raw accessors (valid while `structure` is held)

    /// The external ID of `slot` (written before the node is linked, like its vector).
    @inline(__always)
    func label(_ slot: Int) -> UInt64 {
        (records + (slot &* recordStride &+ tagOffset)).load(as: UInt64.self)
    }

    /// The two attribute words of `slot`.
    @inline(__always)
    func attributeWords(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (records + (slot &* recordStride &+ tagOffset &+ 8)).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    @inline(__always)
    func vectorPointer(_ slot: UInt32) -> UnsafePointer<Float> {
        UnsafePointer((records + Int(slot) &* recordStride).assumingMemoryBound(to: Float.self))
    }

    /// The neighbour list of `slot` on `layer`: word 0 is the count, then the links.
    @inline(__always)
    func links(_ slot: UInt32, layer: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        if layer == 0 {
            return (records + (Int(slot) &* recordStride &+ linksOffset)).assumingMemoryBound(to: Atomic<UInt32>.self)
        }
        return (upperLinks[Int(slot)]! + ((layer &- 1) &* upperLayerWords &* 4))
            .assumingMemoryBound(to: Atomic<UInt32>.self)
    }

    @inline(__always)
    func isDeleted(_ slot: UInt32) -> Bool { tombstones[Int(slot)].load(ordering: .relaxed) != 0 }

    @inline(__always)
    func maxLinks(layer: Int) -> Int { layer == 0 ? maxM0 : maxM }

    /// Doubles the slot arrays so that at least `needed` slots fit. Caller holds the write lock.
    func grow(toAtLeast needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let n = slotCount.load(ordering: .relaxed)

        let newRecords = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * recordStride, alignment: 64)
        newRecords.copyMemory(from: records, byteCount: n * recordStride)
        (newRecords + n * recordStride).initializeMemory(as: UInt8.self, repeating: 0,
                                                         count: (newCapacity - n) * recordStride)
        records.deallocate()
        records = newRecords

        let newLevels = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newLevels.update(from: levels, count: n)
        levels.deallocate()
        levels = newLevels

        let newUpper = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: newCapacity)
        newUpper.update(from: upperLinks, count: n)
        (newUpper + n).initialize(repeating: nil, count: newCapacity - n)
        upperLinks.deallocate()
        upperLinks = newUpper

        let newFlags = Self.allocateFlags(newCapacity)
        UnsafeMutableRawPointer(newFlags).copyMemory(from: UnsafeRawPointer(tombstones), byteCount: n)
        tombstones.deallocate()
        tombstones = newFlags

        capacity = newCapacity
    }
}

/// Reusable `SearchScratch`es behind a mutex: a search takes one, uses it alone, and gives it back.
final class ScratchPool: @unchecked Sendable {
    private let lock = StripedLocks(stripes: 1)
    private var free: [SearchScratch] = []

    func take(slots: Int) -> SearchScratch {
        let s = lock.withLock(0) { free.popLast() }
        return s ?? SearchScratch(slots: slots)
    }

    func give(_ scratch: SearchScratch) {
        lock.withLock(0) { free.append(scratch) }
    }
}
