import Testing
import MosaicVectors

@Suite struct BruteForceIndexTests {
    @Test func findsExactNeighboursInOrder() {
        var index = BruteForceIndex(dimension: 2, metric: .l2)
        for i in 0..<10 { index.insert(id: UInt64(100 + i), vector: [Float(i), 0]) }
        let hits = index.search([3.2, 0], k: 3)
        #expect(hits.map(\.id) == [103, 104, 102])
        #expect(abs(hits[0].distance - 0.04) < 1e-5)
    }

    @Test func filterAndCosine() {
        var index = BruteForceIndex(dimension: 2, metric: .cosine)
        index.insert(id: 1, vector: [10, 0])
        index.insert(id: 2, vector: [0, 5])
        index.insert(id: 3, vector: [1, 1])
        #expect(index.search([1, 0], k: 1).map(\.id) == [1])
        #expect(index.search([1, 0], k: 1, filter: ExcludedIDs([1])).map(\.id) == [3])
    }

    @Test func groundTruthMatchesSearch() {
        let base = TestData.clustered(count: 2_000, dimension: 16)
        let queries = TestData.queries(count: 20, dimension: 16)
        let truth = BruteForceIndex.groundTruth(base: base, queries: queries, k: 5, threads: 2)
        let index = BruteForceIndex(vectors: base)
        for q in 0..<queries.count {
            #expect(index.search(queries[q], k: 5).map { Int32($0.id) } == truth[q])
        }
    }
}
