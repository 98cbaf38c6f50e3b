import Testing
import MosaicVectors

@Suite struct CopyVectorsTests {
    /// A batch copy returns what `vector(for:)` returns for each ID, across shards, and says which are missing.
    @Test func batchCopyMatchesOneByOne() {
        let base = TestData.clustered(count: 600, dimension: 8)
        let ids = (0..<UInt64(600)).map { $0 * 3 + 1 }
        let index = ShardedIndex(shardCount: 2, dimension: 8, metric: .innerProduct)
        index.insert(ids: ids, vectors: base)
        index.remove(id: ids[5])
        let asked = [ids[5], 2] + ids.prefix(50) + [ids[599]]
        var rows = [Float](repeating: -7, count: asked.count * 8)
        let found = rows.withUnsafeMutableBufferPointer { index.copyVectors(asked, into: $0.baseAddress!) }
        #expect(found == [false, false] + (0..<50).map { $0 != 5 } + [true])
        for (i, id) in asked.enumerated() {
            let row = Array(rows[i * 8..<(i + 1) * 8])
            if let v = index.shard(for: id).vector(for: id) { #expect(row == v) } else { #expect(row == [Float](repeating: -7, count: 8)) }
        }
    }
}
