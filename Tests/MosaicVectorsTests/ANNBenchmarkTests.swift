import Testing
import MosaicVectors

@Suite struct ANNBenchmarkTests {
    @Test func recallCountsOnlyTrueNeighbours() {
        let truth: [[Int32]] = [[1, 2, 3, 4], [5, 6, 7, 8]]
        #expect(ANNBenchmark.recall(results: [[1, 2, 9, 9], [8, 7, 6, 5]], groundTruth: truth, k: 4) == 0.75)
        #expect(ANNBenchmark.recall(results: [[9, 9], [9, 9]], groundTruth: truth, k: 2) == 0)
    }

    @Test func csvRowsRoundTripAndSummaryPicksFastestAboveTheBar() {
        func row(_ lib: String, _ ef: Int, _ recall: Double, _ qps: Double) -> ANNBenchmarkRow {
            ANNBenchmarkRow(library: lib, dataset: "d", count: 100, dimension: 8, M: 16, efConstruction: 200, efSearch: ef,
                            recallAt10: recall, queriesPerSecond: qps, queriesPerCPUSecond: qps, buildSeconds1: 2,
                            buildSeconds2: nil, memoryMB: 3)
        }
        let rows = [row("mosaic", 10, 0.90, 9_000), row("mosaic", 20, 0.96, 6_000), row("mosaic", 40, 0.99, 3_000),
                    row("hnswlib", 20, 0.95, 4_000), row("hnswlib", 40, 0.99, 2_000), row("faiss", 20, 0.5, 1)]
        let parsed = ANNBenchmarkRow(csvLine: rows[1].csvLine)
        #expect(parsed?.efSearch == 20 && parsed?.recallAt10 == 0.96 && parsed?.buildSeconds2 == nil)
        #expect(ANNBenchmarkRow(csvLine: "not,a,row") == nil)
        let table = ANNBenchmarkSummary.markdown(rows: rows, minimumRecall: 0.95)
        #expect(table.contains("| mosaic | 20 | 0.96 | 6000 | 6000 | 1.5× |"))
        #expect(table.contains("| hnswlib | 20 | 0.95 | 4000 | 4000 | 1.0× |"))
        #expect(table.contains("| faiss | – | below 0.95"))
    }
}
