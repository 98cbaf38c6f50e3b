/// One line of the ANN benchmark: a library at one efSearch on one dataset.
public struct ANNBenchmarkRow: Sendable {
    public var library: String
    public var dataset: String
    public var count: Int
    public var dimension: Int
    public var M: Int
    public var efConstruction: Int
    public var efSearch: Int
    public var recallAt10: Double
    public var queriesPerSecond: Double
    /// Queries per CPU second of the process (one thread queries): robust when other processes share the cores.
    public var queriesPerCPUSecond: Double
    /// Build seconds with one and two threads (nil when not measured).
    public var buildSeconds1: Double?
    public var buildSeconds2: Double?
    /// Resident memory added by building the index (MB).
    public var memoryMB: Double

    public init(library: String, dataset: String, count: Int, dimension: Int, M: Int, efConstruction: Int,
                efSearch: Int, recallAt10: Double, queriesPerSecond: Double, queriesPerCPUSecond: Double,
                buildSeconds1: Double?, buildSeconds2: Double?, memoryMB: Double) {
        self.library = library
        self.dataset = dataset
        self.count = count
        self.dimension = dimension
        self.M = M
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.recallAt10 = recallAt10
        self.queriesPerSecond = queriesPerSecond
        self.queriesPerCPUSecond = queriesPerCPUSecond
        self.buildSeconds1 = buildSeconds1
        self.buildSeconds2 = buildSeconds2
        self.memoryMB = memoryMB
    }

    public static let csvHeader = "library,dataset,n,dim,M,efConstruction,efSearch,recall_at_10,qps_1thread,qps_per_cpu_s,build_s_1thread,build_s_2threads,memory_mb"

    public var csvLine: String {
        func f(_ x: Double?) -> String { x.map { String(format6($0)) } ?? "" }
        return "\(library),\(dataset),\(count),\(dimension),\(M),\(efConstruction),\(efSearch),\(f(recallAt10)),\(f(queriesPerSecond)),\(f(queriesPerCPUSecond)),\(f(buildSeconds1)),\(f(buildSeconds2)),\(f(memoryMB))"
    }
}

/// Six significant decimals without Foundation.
func format6(_ x: Double) -> String {
    let scaled = (x * 1_000_000).rounded() / 1_000_000
    return "\(scaled)"
}

/// The Mosaic side of `mosaic bench ann`: build with one and two threads, sweep efSearch single-threaded,
/// score recall@k against exact ground truth. The peers run the same protocol in `bench/ann/peers.py`.
public enum ANNBenchmark {
    public struct Configuration: Sendable {
        public var M: Int
        public var efConstruction: Int
        public var efSearch: [Int]
        public var k: Int
        /// Thread counts to time the build with; the index searched is the one built with the last count.
        public var buildThreads: [Int]
        public var metric: DistanceMetric
        /// Passes over the query set per efSearch; the median pass is reported (one pass of 1,000 queries
        /// lasts tens of milliseconds, too short to trust alone on a shared machine).
        public var repeats: Int

        public init(M: Int = 16, efConstruction: Int = 200,
                    efSearch: [Int] = [10, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 256],
                    k: Int = 10, buildThreads: [Int] = [1, 2], metric: DistanceMetric = .l2, repeats: Int = 3) {
            self.M = M
            self.efConstruction = efConstruction
            self.efSearch = efSearch
            self.k = k
            self.buildThreads = buildThreads
            self.metric = metric
            self.repeats = max(1, repeats)
        }
    }

    /// Mean fraction of the true `k` nearest (first `k` of each ground-truth row) found in each result.
    public static func recall(results: [[UInt64]], groundTruth: [[Int32]], k: Int) -> Double {
        precondition(results.count == groundTruth.count)
        guard !results.isEmpty else { return 0 }
        var hits = 0
        for (r, truth) in zip(results, groundTruth) {
            let wanted = Set(truth.prefix(k).map { UInt64($0) })
            hits += r.prefix(k).filter { wanted.contains($0) }.count
        }
        return Double(hits) / Double(results.count * k)
    }

    /// Builds Mosaic's index on `base` (IDs are row numbers) and measures it. `log` receives progress lines.
    public static func runMosaic(dataset: String, base: VectorMatrix, queries: VectorMatrix, groundTruth: [[Int32]],
                                 configuration c: Configuration, log: (String) -> Void = { _ in }) -> [ANNBenchmarkRow] {
        let ids = (0..<UInt64(base.count)).map { $0 }
        var buildTimes: [Int: Double] = [:]
        var index: HNSWIndex?
        var memory = 0.0
        for threads in c.buildThreads {
            index = nil
            let before = ProcessMemory.residentBytes()
            let start = MonotonicClock.now()
            let built = HNSWIndex(dimension: base.dimension, metric: c.metric,
                                  parameters: HNSWParameters(M: c.M, efConstruction: c.efConstruction),
                                  capacity: base.count)
            built.insert(ids: ids, vectors: base, threads: threads)
            buildTimes[threads] = MonotonicClock.now() - start
            memory = Double(ProcessMemory.residentBytes() - before) / 1_048_576
            log("mosaic: built \(base.count) × \(base.dimension) with \(threads) thread(s) in \(buildTimes[threads]!) s, +\(Int(memory)) MB RSS (index reports \(built.memoryFootprint / 1_048_576) MB)")
            index = built
        }
        guard let index else { return [] }
        var rows: [ANNBenchmarkRow] = []
        for ef in c.efSearch {
            var results = [[UInt64]](repeating: [], count: queries.count)
            var passes: [(wall: Double, cpu: Double)] = []
            for _ in 0..<c.repeats {
                let start = MonotonicClock.now()
                let cpuStart = MonotonicClock.processCPUTime()
                queries.withUnsafeRows { q in
                    guard let q else { return }
                    for i in 0..<queries.count {
                        results[i] = index.search(q + i * queries.dimension, k: c.k, ef: ef, filter: AllowAll()).map(\.id)
                    }
                }
                passes.append((MonotonicClock.now() - start, MonotonicClock.processCPUTime() - cpuStart))
            }
            let elapsed = passes.map(\.wall).sorted()[passes.count / 2]
            let cpu = passes.map(\.cpu).sorted()[passes.count / 2]
            let r = recall(results: results, groundTruth: groundTruth, k: c.k)
            let qps = Double(queries.count) / elapsed
            log("mosaic: ef=\(ef) recall@\(c.k)=\(format6(r)) qps=\(Int(qps)) per-cpu-s=\(Int(Double(queries.count) / cpu))")
            rows.append(ANNBenchmarkRow(library: "mosaic", dataset: dataset, count: base.count, dimension: base.dimension,
                                        M: c.M, efConstruction: c.efConstruction, efSearch: ef, recallAt10: r,
                                        queriesPerSecond: qps, queriesPerCPUSecond: Double(queries.count) / cpu, buildSeconds1: buildTimes[1], buildSeconds2: buildTimes[2],
                                        memoryMB: memory))
        }
        return rows
    }
}
