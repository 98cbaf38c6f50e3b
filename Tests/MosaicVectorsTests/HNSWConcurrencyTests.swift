import Testing
import MosaicVectors

/// Run under the thread sanitizer by `bench/ann/tsan.sh`.
@Suite struct HNSWConcurrencyTests {
    /// Two writers insert (and delete) while two readers search. Every vector is findable by its writer right
    /// after `insert` returns (the freshness requirement), and no reader ever sees a deleted ID after its
    /// removal completed.
    @Test func insertsDeletesAndSearchesRunTogether() {
        let dimension = 16
        let base = TestData.clustered(count: 4_000, dimension: dimension)
        let index = HNSWIndex(dimension: dimension, metric: .l2,
                              parameters: HNSWParameters(M: 8, efConstruction: 64), capacity: 64)
        let matrix = base
        let seeded = 500
        index.insert(ids: (0..<UInt64(seeded)).map { $0 }, vectors: base.rows(0..<seeded))
        let freshMisses = Counter(), staleHits = Counter(), searches = Counter()
        ParallelRange.run(count: 4, threads: 4) { worker in
            if worker < 2 {
                // Writers: each inserts every other remaining row, deletes some early rows.
                for row in stride(from: seeded + worker, to: matrix.count, by: 2) {
                    let v = matrix[row]
                    index.insert(id: UInt64(row), vector: v)
                    if index.search(v, k: 1, ef: 32).first?.id != UInt64(row) { freshMisses.add() }
                    if row % 10 == 0 {
                        let victim = UInt64(row / 10)
                        if index.remove(id: victim), index.search(matrix[Int(victim)], k: 10).contains(where: { $0.id == victim }) {
                            staleHits.add()
                        }
                    }
                }
            } else {
                var q = worker
                while searches.value < 3_000 {
                    let hits = index.search(matrix[q % matrix.count], k: 10, ef: 32)
                    #expect(hits.count <= 10)
                    searches.add()
                    q += 7
                }
            }
        }
        #expect(index.count + index.tombstoneCount == matrix.count)
        #expect(staleHits.value == 0)
        // Greedy search can miss an exact match on a fresh node now and then; almost all must be found.
        #expect(freshMisses.value <= (matrix.count - seeded) / 100, "fresh misses \(freshMisses.value)")
    }
}

import Synchronization

final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
