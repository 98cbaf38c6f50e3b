import Testing
import MosaicVectors

@Suite struct HNSWFilterTests {
    /// Recall of filtered search against filtered brute force when half, and when nine in ten, of the vectors
    /// are excluded (e.g. followed authors' posts, seen posts).
    @Test(arguments: [0.5, 0.9])
    func filteredRecallHolds(fractionExcluded: Double) {
        let dimension = 32
        let base = TestData.clustered(count: 10_000, dimension: dimension)
        let index = HNSWIndex(dimension: dimension, metric: .l2)
        let ids = (0..<UInt64(base.count)).map { $0 }
        index.insert(ids: ids, vectors: base, threads: 1)
        let exact = BruteForceIndex(vectors: base, ids: ids)
        // A deterministic pseudo-random exclusion by ID hash, spread across clusters.
        let threshold = UInt64(fractionExcluded * 1_000)
        let filter = PredicateFilter { id in
            var g = SplitMix64(seed: id)
            return g.next() % 1_000 >= threshold
        }
        let queries = TestData.queries(count: 100, dimension: dimension)
        var total = 0.0
        for q in 0..<queries.count {
            let found = index.search(queries[q], k: 10, ef: 100, filter: filter)
            #expect(found.allSatisfy { filter.allows($0.id) })
            #expect(found.count == 10)
            total += TestData.recall(found, exact.search(queries[q], k: 10, filter: filter))
        }
        let recall = total / Double(queries.count)
        #expect(recall >= 0.95, "filtered recall with \(fractionExcluded) excluded: \(recall)")
    }

    @Test func closureAndSetFiltersExclude() {
        let base = TestData.clustered(count: 500, dimension: 8)
        let index = HNSWIndex(dimension: 8, metric: .l2)
        index.insert(ids: (0..<UInt64(500)).map { $0 }, vectors: base)
        let nearest = index.search(base[10], k: 5).map(\.id)
        #expect(nearest.first == 10)
        #expect(!index.search(base[10], k: 5, filter: ExcludedIDs(Set(nearest))).contains { nearest.contains($0.id) })
        #expect(index.search(base[10], k: 5, where: { $0 % 2 == 1 }).allSatisfy { $0.id % 2 == 1 })
        #expect(index.search(base[10], k: 5, where: { _ in false }).isEmpty)
    }
}
