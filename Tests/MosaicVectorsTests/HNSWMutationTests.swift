import Foundation
import Testing
import MosaicVectors

@Suite struct HNSWMutationTests {
    @Test func deletedIDsAreNeverReturned() {
        let base = TestData.clustered(count: 4_000, dimension: 16)
        let index = HNSWIndex(dimension: 16, metric: .l2)
        index.insert(ids: (0..<UInt64(4_000)).map { $0 }, vectors: base, threads: 1)
        let removed = Set((0..<UInt64(4_000)).filter { $0 % 3 == 0 })
        for id in removed { #expect(index.remove(id: id)) }
        #expect(!index.remove(id: 0))
        #expect(index.count == 4_000 - removed.count)
        #expect(index.tombstoneCount == removed.count)
        var selfHits = 0, live = 0
        for i in stride(from: 0, to: 4_000, by: 7) {
            let hits = index.search(base[i], k: 20, ef: 64)
            #expect(hits.count == 20)
            #expect(!hits.contains { removed.contains($0.id) })
            if i % 3 != 0 {
                live += 1
                if hits.first?.id == UInt64(i) { selfHits += 1 }
            }
        }
        // Approximate search may miss a point's own vector now and then; deletions must not make that common.
        #expect(Double(selfHits) >= 0.98 * Double(live), "\(selfHits) of \(live)")
    }

    @Test func updateReplacesTheVector() {
        let index = HNSWIndex(dimension: 2, metric: .l2)
        for i in 0..<100 { index.insert(id: UInt64(i), vector: [Float(i), 0]) }
        index.insert(id: 5, vector: [1_000, 0])
        #expect(index.count == 100)
        #expect(index.search([5, 0], k: 1).first?.id != 5)
        #expect(index.search([999, 0], k: 1).first?.id == 5)
        #expect(index.vector(for: 5) == [1_000, 0])
    }

    @Test func compactionDropsTombstonesAndKeepsRecall() {
        let base = TestData.clustered(count: 3_000, dimension: 16)
        let index = HNSWIndex(dimension: 16, metric: .l2)
        index.insert(ids: (0..<UInt64(3_000)).map { $0 }, vectors: base, threads: 1)
        for id in stride(from: UInt64(0), to: 3_000, by: 2) { index.remove(id: id) }
        #expect(index.tombstoneRatio > 0.49)
        let fresh = index.compacted(threads: 1)
        #expect(fresh.count == 1_500)
        #expect(fresh.tombstoneCount == 0)
        var hits = 0
        for i in stride(from: 1, to: 3_000, by: 20) where fresh.search(base[i], k: 1).first?.id == UInt64(i) { hits += 1 }
        #expect(hits == 150)
    }

    @Test func shardedIndexMatchesBruteForce() {
        let base = TestData.clustered(count: 6_000, dimension: 16)
        let sharded = ShardedIndex(shardCount: 4, dimension: 16, metric: .l2)
        sharded.insert(ids: (0..<UInt64(6_000)).map { $0 }, vectors: base, threads: 1)
        #expect(sharded.count == 6_000)
        #expect(sharded.shards.allSatisfy { abs($0.count - 1_500) < 150 }, "\(sharded.shards.map(\.count))")
        let exact = BruteForceIndex(vectors: base)
        let queries = TestData.queries(count: 50, dimension: 16)
        var total = 0.0
        for q in 0..<queries.count {
            let found = sharded.search(queries[q], k: 10, ef: 64)
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.distance <= $1.distance })
            total += TestData.recall(found, exact.search(queries[q], k: 10))
        }
        #expect(total / 50 >= 0.97)
        sharded.remove(id: 17)
        #expect(!sharded.search(base[17], k: 5).contains { $0.id == 17 })
        let filtered = sharded.search(base[18], k: 5, filter: ExcludedIDs([18]))
        #expect(!filtered.contains { $0.id == 18 } && filtered.count == 5)
    }
}

/// Placement of Mosaic-shaped IDs (time, shard, and a sequence that is usually 0) over index shards.
@Suite struct ShardPlacementTests {
    @Test func idsWithAZeroSequenceSpreadOverEveryShard() throws {
        let ids = (0..<UInt64(4_000)).map { ms in (ms << 23) | ((ms % 8) << 10) }   // sequence bits all 0
        for shards in [2, 3, 4] {
            var counts = [Int](repeating: 0, count: shards)
            for id in ids { counts[ShardedIndex.placement(of: id, shardCount: shards)] += 1 }
            let even = ids.count / shards
            #expect(counts.allSatisfy { abs($0 - even) < even / 10 }, "\(shards) shards: \(counts)")
        }
    }

    @Test func aFileUnderAnotherPlacementIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("placement-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let index = ShardedIndex(shardCount: 2, dimension: 4)
        for i in 1...200 { index.insert(id: UInt64(i) << 10, vector: [Float(i), 1, 0, 0]) }
        try index.save(toDirectory: dir)
        #expect(try ShardedIndex.load(fromDirectory: dir, shardCount: 2).count == 200)
        // The same shards swapped: every ID is now in the wrong file.
        try FileManager.default.moveItem(atPath: dir + "/shard-0.hnsw", toPath: dir + "/tmp.hnsw")
        try FileManager.default.moveItem(atPath: dir + "/shard-1.hnsw", toPath: dir + "/shard-0.hnsw")
        try FileManager.default.moveItem(atPath: dir + "/tmp.hnsw", toPath: dir + "/shard-1.hnsw")
        #expect(throws: VectorIndexFileError.self) { _ = try ShardedIndex.load(fromDirectory: dir, shardCount: 2) }
    }
}
