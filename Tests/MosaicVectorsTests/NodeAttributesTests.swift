import Testing
import Synchronization
@testable import MosaicVectors
#if canImport(Glibc)
import Glibc
#endif

/// Node attributes: filters that decide from them agree with the same rule decided by ID, changes are seen by
/// the next search, and they survive saving, loading and compaction.
@Suite struct NodeAttributesTests {
    /// The rule both ways: a node passes when its attributes say "allowed" (second word 1); by ID, every third
    /// ID is refused.
    static func attributes(_ id: UInt64) -> NodeAttributes { NodeAttributes(first: id &* 3, second: id % 3 == 0 ? 0 : 1) }

    @Test func attributeFilterMatchesTheSameRuleByID() {
        let base = TestData.clustered(count: 4_000, dimension: 16)
        let ids = (0..<UInt64(4_000)).map { $0 * 5 + 1 }
        let index = ShardedIndex(shardCount: 2, dimension: 16, metric: .l2)
        index.insert(ids: ids, vectors: base, attributes: ids.map(Self.attributes))
        let exact = BruteForceIndex(vectors: base, ids: ids)
        let queries = TestData.queries(count: 40, dimension: 16)
        var recall = 0.0
        for q in 0..<queries.count {
            let found = index.search(queries[q], k: 20, ef: 120) { id, a in a.second == 1 && a.first == id &* 3 }
            #expect(found.count == 20 && found.allSatisfy { $0.id % 3 != 0 })
            recall += TestData.recall(found, exact.search(queries[q], k: 20, filter: PredicateFilter { $0 % 3 != 0 }))
        }
        #expect(recall / Double(queries.count) >= 0.95)

        // A change is seen by the next search; an unknown ID is refused.
        let top = index.search(base[7], k: 1) { _, a in a.second == 1 }[0].id
        #expect(index.attributes(for: top) == Self.attributes(top))
        #expect(index.setAttributes(NodeAttributes(first: 0, second: 0), for: top))
        #expect(!index.search(base[7], k: 10) { _, a in a.second == 1 }.contains { $0.id == top })
        #expect(!index.setAttributes(.unknown, for: 2) && index.attributes(for: 2) == nil)
        // A node inserted without attributes holds `.unknown` until they are set.
        index.insert(id: 2, vector: base[7])
        #expect(index.attributes(for: 2) == .unknown)
        #expect(!index.search(base[7], k: 5) { _, a in a.second == 1 }.contains { $0.id == 2 })
        index.setAttributes(NodeAttributes(first: 6, second: 1), for: 2)
        #expect(index.search(base[7], k: 5) { _, a in a.second == 1 }.contains { $0.id == 2 })
    }

    /// An index of `count` clustered vectors with attributes, one of them (`ids[removed]`) deleted.
    static func index(count: Int, dimension: Int, metric: DistanceMetric, M: Int, removed: Int) -> (HNSWIndex, [UInt64]) {
        let base = TestData.clustered(count: count, dimension: dimension)
        let ids = (0..<UInt64(count)).map { $0 * 7 + 3 }
        let index = HNSWIndex(dimension: dimension, metric: metric, parameters: HNSWParameters(M: M, efConstruction: 60))
        index.insert(ids: ids, vectors: base, attributes: ids.map(Self.attributes))
        index.remove(id: ids[removed])
        return (index, ids)
    }

    @Test func attributesSurviveSaveLoadAndCompaction() throws {
        let (index, ids) = Self.index(count: 1_500, dimension: 12, metric: .cosine, M: 8, removed: 9)
        let path = "/tmp/mosaic-vectors-test-\(getpid())-attributes.hnsw"
        defer { unlink(path) }
        try index.save(to: path)
        let loaded = try HNSWIndex.load(from: path)
        for id in ids where id != ids[9] { #expect(loaded.attributes(for: id) == Self.attributes(id)) }
        let compacted = loaded.compacted(threads: 2)
        #expect(compacted.count == 1_499)
        for id in ids.prefix(200) where id != ids[9] { #expect(compacted.attributes(for: id) == Self.attributes(id)) }
    }

    /// A version-1 file (IDs in their own section, 16-byte-rounded records) loads with the same graph and IDs,
    /// and `.unknown` attributes.
    @Test func versionOneFilesAreConverted() throws {
        let (index, ids) = Self.index(count: 1_200, dimension: 10, metric: .l2, M: 6, removed: 4)
        let path = "/tmp/mosaic-vectors-test-\(getpid())-v1.hnsw"
        defer { unlink(path) }
        try Self.writeVersionOne(index, to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == index.count && loaded.tombstoneCount == 1)
        #expect(loaded.attributes(for: ids[0]) == .unknown)
        let queries = TestData.queries(count: 20, dimension: 10)
        for q in 0..<queries.count {
            #expect(loaded.search(queries[q], k: 10, ef: 40) == index.search(queries[q], k: 10, ef: 40))
        }
    }

    /// Writes `index` as the version-1 format laid it out.
    static func writeVersionOne(_ index: HNSWIndex, to path: String) throws {
        let n = index.slotCount.load(ordering: .relaxed), d = index.dimension, M = index.parameters.M
        let stride = (d * 4 + (1 + 2 * M) * 4 + 15) & ~15
        var records = [UInt8](repeating: 0, count: n * stride), labels = [UInt64](repeating: 0, count: n)
        records.withUnsafeMutableBytes { r in
            for s in 0..<n {
                let from = index.records + s * index.recordStride
                (r.baseAddress! + s * stride).copyMemory(from: from, byteCount: d * 4)
                (r.baseAddress! + s * stride + d * 4).copyMemory(from: from + index.linksOffset, byteCount: (1 + 2 * M) * 4)
                labels[s] = index.label(s)
            }
        }
        let levels = (0..<n).map { index.levels[$0] }, flags = (0..<n).map { index.tombstones[$0].load(ordering: .relaxed) }
        var upper: [UInt8] = []
        for s in 0..<n where levels[s] > 0 {
            upper += UnsafeRawBufferPointer(start: index.upperLinks[s]!, count: Int(levels[s]) * index.upperLayerWords * 4)
        }
        let sections: [[UInt8]] = [records, labels.withUnsafeBytes { Array($0) }, levels, flags, upper]
        var sum: UInt64 = 0
        for (i, bytes) in sections.enumerated() {
            sum ^= bytes.withUnsafeBytes { HNSWFileFormat.checksum($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, bytes.count, UInt64(i)) } &* UInt64(i + 1)
        }
        var file = [UInt8](repeating: 0, count: HNSWFileFormat.headerSize)
        file.withUnsafeMutableBytes { h in
            h.storeBytes(of: HNSWFileFormat.magic, toByteOffset: 0, as: UInt64.self)
            h.storeBytes(of: UInt32(1), toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: index.metric.rawValue, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: UInt32(d), toByteOffset: 16, as: UInt32.self)
            h.storeBytes(of: UInt32(M), toByteOffset: 20, as: UInt32.self)
            h.storeBytes(of: UInt32(index.parameters.efConstruction), toByteOffset: 24, as: UInt32.self)
            h.storeBytes(of: UInt32(index.parameters.efSearch), toByteOffset: 28, as: UInt32.self)
            h.storeBytes(of: index.parameters.seed, toByteOffset: 32, as: UInt64.self)
            h.storeBytes(of: UInt64(n), toByteOffset: 40, as: UInt64.self)
            h.storeBytes(of: index.entry.load(ordering: .relaxed), toByteOffset: 48, as: UInt64.self)
            h.storeBytes(of: UInt64(stride), toByteOffset: 56, as: UInt64.self)
            h.storeBytes(of: UInt64(upper.count / 4), toByteOffset: 64, as: UInt64.self)
            h.storeBytes(of: sum, toByteOffset: 72, as: UInt64.self)
        }
        for bytes in sections {
            file += [UInt8](repeating: 0, count: HNSWFileFormat.align(file.count) - file.count)
            file += bytes
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        try file.withUnsafeBytes { try HNSWIndex.writeAll(fd, $0.baseAddress!, $0.count, path) }
    }
}
