import Testing
import MosaicVectors

@Suite struct HNSWRecallTests {
    /// The acceptance test: 20 K clustered vectors, default parameters, recall@10 ≥ 0.95.
    @Test func recallOnClusteredDataWithDefaults() {
        let dimension = 64
        let base = TestData.clustered(count: 20_000, dimension: dimension)
        let queries = TestData.queries(count: 200, dimension: dimension)
        let index = HNSWIndex(dimension: dimension, metric: .l2)
        index.insert(ids: (0..<UInt64(base.count)).map { $0 * 3 + 1 }, vectors: base, threads: 1)
        #expect(index.count == 20_000)
        let truth = BruteForceIndex.groundTruth(base: base, queries: queries, k: 10, threads: 1)
        var total = 0.0
        for q in 0..<queries.count {
            let found = Set(index.search(queries[q], k: 10).map { ($0.id - 1) / 3 })
            total += Double(truth[q].filter { found.contains(UInt64($0)) }.count) / 10
        }
        let recall = total / Double(queries.count)
        #expect(recall >= 0.95, "recall@10 = \(recall)")
    }

    @Test(arguments: [DistanceMetric.innerProduct, .cosine])
    func otherMetricsAgreeWithBruteForce(metric: DistanceMetric) {
        let base = TestData.clustered(count: 3_000, dimension: 24)
        let index = HNSWIndex(dimension: 24, metric: metric, parameters: HNSWParameters(M: 12, efConstruction: 100))
        let exact = BruteForceIndex(vectors: base, metric: metric)
        index.insert(ids: (0..<UInt64(base.count)).map { $0 }, vectors: base, threads: 1)
        let queries = TestData.queries(count: 50, dimension: 24)
        var total = 0.0
        for q in 0..<queries.count {
            total += TestData.recall(index.search(queries[q], k: 10, ef: 100), exact.search(queries[q], k: 10))
        }
        #expect(total / 50 >= 0.95, "\(metric) recall \(total / 50)")
    }

    @Test func resultsAreSortedAndDistancesExact() {
        let base = TestData.clustered(count: 1_000, dimension: 8)
        let index = HNSWIndex(dimension: 8, metric: .l2)
        index.insert(ids: (0..<UInt64(1_000)).map { $0 }, vectors: base)
        let q = TestData.queries(count: 1, dimension: 8)[0]
        let hits = index.search(q, k: 20)
        #expect(hits.count == 20)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.distance <= $1.distance })
        for h in hits { #expect(abs(h.distance - VectorKernels.l2Squared(q, base[Int(h.id)])) < 1e-3) }
    }

    @Test func emptyAndTinyIndexes() {
        let index = HNSWIndex(dimension: 3, metric: .l2)
        #expect(index.search([0, 0, 0], k: 5).isEmpty)
        index.insert(id: 42, vector: [1, 2, 3])
        #expect(index.search([0, 0, 0], k: 5).map(\.id) == [42])
        index.insert(id: 43, vector: [1, 2, 4])
        #expect(index.search([1, 2, 5], k: 5).map(\.id) == [43, 42])
    }

    @Test func growsPastInitialCapacity() {
        let base = TestData.clustered(count: 5_000, dimension: 16)
        let index = HNSWIndex(dimension: 16, metric: .l2, capacity: 16)
        for i in 0..<base.count { index.insert(id: UInt64(i), vector: base[i]) }
        #expect(index.count == 5_000)
        var found = 0
        for i in stride(from: 0, to: 5_000, by: 50) where index.search(base[i], k: 1).first?.id == UInt64(i) { found += 1 }
        #expect(found >= 98)
    }
}
