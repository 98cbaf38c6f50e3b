import ArgumentParser
import MosaicVectors

/// `mosaic bench ann`: Mosaic's HNSW against hnswlib, FAISS and USearch on the same vectors in the same run.
/// The logic lives in `MosaicVectors.ANNBenchmarkRunner`; this only maps flags.
struct BenchANNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ann",
        abstract: "ANN benchmark: recall@10, single-thread QPS, build time and memory against hnswlib, FAISS, USearch.")

    @Option(help: "Synthetic base vectors (Gaussian mixture).") var count = 1_000_000
    @Option(help: "Synthetic dimension.") var dim = 128
    @Option(help: "Mixture centres.") var clusters = 2_000
    @Option(help: "Queries.") var queries = 1_000
    @Option(help: "Base vectors from an .fvecs file instead of synthetic data.") var base: String?
    @Option(name: .customLong("query-file"), help: "Queries .fvecs (with --base).") var queryFile: String?
    @Option(name: .customLong("gt"), help: "Ground-truth .ivecs (optional; computed when absent).") var groundTruth: String?
    @Option(name: .customLong("M")) var M = 16
    @Option(help: "efConstruction.") var efc = 200
    @Option(help: "efSearch values to sweep.") var ef = "10,16,20,24,32,40,48,64,80,96,128,160,256"
    @Option(help: "Passes over the queries per efSearch (the median is reported).") var repeats = 3
    @Option(name: .customLong("build-threads"), help: "Thread counts to time the build with.") var buildThreads = "1,2"
    @Option(help: "l2 or ip.") var metric = "l2"
    @Option(help: "Peers: hnswlib,faiss,usearch (empty for none).") var peers = "hnswlib,faiss,usearch"
    @Option(help: "Output folder.") var out = "bench-out/ann"
    @Option(help: "Folder holding peers.py and plot.py.") var scripts = "bench/ann"

    func run() async throws {
        var o = ANNBenchmarkRunner.Options()
        o.count = count
        o.dimension = dim
        o.clusters = clusters
        o.queryCount = queries
        o.baseFile = base
        o.queryFile = queryFile
        o.groundTruthFile = groundTruth
        o.configuration = ANNBenchmark.Configuration(
            M: M, efConstruction: efc, efSearch: ef.split(separator: ",").compactMap { Int($0) },
            buildThreads: buildThreads.split(separator: ",").compactMap { Int($0) },
            metric: DistanceMetric(name: metric) ?? .l2, repeats: repeats)
        o.peers = peers.split(separator: ",").map(String.init)
        o.outputDirectory = out
        o.scriptDirectory = scripts
        let outcome = try ANNBenchmarkRunner(options: o).run()
        print(outcome.markdown)
        print("csv: \(outcome.csvPath)\nplot: \(outcome.plotPath)")
    }
}
