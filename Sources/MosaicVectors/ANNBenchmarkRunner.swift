import Foundation

/// The whole of `mosaic bench ann`: prepare a dataset (clustered synthetic, or `.fvecs`/`.ivecs` files),
/// compute exact ground truth, run Mosaic, run each peer in its own Python process on the same files, write
/// `<out>/<dataset>.csv`, a recall-vs-QPS plot and a markdown summary. Lives in the library so it is testable;
/// the command only parses flags.
public struct ANNBenchmarkRunner {
    public struct Options: Sendable {
        /// Synthetic data: a Gaussian mixture (ignored when `baseFile` is set).
        public var count = 1_000_000
        public var dimension = 128
        public var clusters = 2_000
        public var queryCount = 1_000
        public var seed: UInt64 = 1
        /// Files: base and query `.fvecs`, optional ground-truth `.ivecs`.
        public var baseFile: String?
        public var queryFile: String?
        public var groundTruthFile: String?
        public var configuration = ANNBenchmark.Configuration()
        /// Peers to run: any of hnswlib, faiss, usearch.
        public var peers = ["hnswlib", "faiss", "usearch"]
        public var outputDirectory = "bench-out/ann"
        /// `bench/ann` (peers.py, plot.py).
        public var scriptDirectory = "bench/ann"
        public var python = "python3"

        public init() {}
    }

    public let options: Options
    public let log: @Sendable (String) -> Void

    public init(options: Options, log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.options = options
        self.log = log
    }

    public struct Outcome: Sendable {
        public var rows: [ANNBenchmarkRow]
        public var csvPath: String
        public var plotPath: String
        public var markdown: String
    }

    public func run() throws -> Outcome {
        let o = options
        try FileManager.default.createDirectory(atPath: o.outputDirectory, withIntermediateDirectories: true)
        let (name, base, queries, truth, files) = try prepareDataset()
        log("dataset \(name): \(base.count) × \(base.dimension), \(queries.count) queries")
        var rows = ANNBenchmark.runMosaic(dataset: name, base: base, queries: queries, groundTruth: truth,
                                          configuration: o.configuration, log: log)
        let c = o.configuration
        for peer in o.peers {
            let arguments = ["\(o.scriptDirectory)/peers.py", "--lib", peer, "--base", files.base, "--queries", files.queries,
                             "--gt", files.groundTruth, "--dataset", name, "--M", "\(c.M)", "--efc", "\(c.efConstruction)",
                             "--ef", c.efSearch.map(String.init).joined(separator: ","), "--k", "\(c.k)",
                             "--build-threads", c.buildThreads.map(String.init).joined(separator: ","), "--repeats", "\(c.repeats)",
                             "--metric", c.metric == .l2 ? "l2" : "ip"]
            log("running \(peer)…")
            let output = try runProcess(o.python, arguments)
            rows += output.split(separator: "\n").compactMap { ANNBenchmarkRow(csvLine: String($0)) }
        }
        let csvPath = "\(o.outputDirectory)/\(name).csv"
        let csv = ([ANNBenchmarkRow.csvHeader] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let plotPath = "\(o.outputDirectory)/\(name).png"
        do {
            _ = try runProcess(o.python, ["\(o.scriptDirectory)/plot.py", csvPath, plotPath])
        } catch {
            log("plot failed: \(error)")
        }
        let markdown = ANNBenchmarkSummary.markdown(rows: rows, minimumRecall: 0.95)
        try markdown.write(toFile: "\(o.outputDirectory)/\(name).md", atomically: true, encoding: .utf8)
        return Outcome(rows: rows, csvPath: csvPath, plotPath: plotPath, markdown: markdown)
    }

    typealias Files = (base: String, queries: String, groundTruth: String)

    func prepareDataset() throws -> (String, VectorMatrix, VectorMatrix, [[Int32]], Files) {
        let o = options
        let k = o.configuration.k
        if let baseFile = o.baseFile {
            guard let queryFile = o.queryFile else { throw RunnerError("--queries is required with --base") }
            let base = try VectorFiles.readFvecs(baseFile)
            let queries = try VectorFiles.readFvecs(queryFile, limit: o.queryCount)
            let name = URL(fileURLWithPath: baseFile).deletingPathExtension().lastPathComponent
            if let gtFile = o.groundTruthFile {
                let truth = try VectorFiles.readIvecs(gtFile, limit: queries.count)
                return (name, base, queries, truth, (baseFile, queryFile, gtFile))
            }
            let truth = groundTruth(base, queries, k: max(k, 10))
            let dir = "\(o.outputDirectory)/data/\(name)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try VectorFiles.writeFvecs(queries, to: "\(dir)/query.fvecs")
            try VectorFiles.writeIvecs(truth, to: "\(dir)/gt.ivecs")
            return (name, base, queries, truth, (baseFile, "\(dir)/query.fvecs", "\(dir)/gt.ivecs"))
        }
        let name = "gmm-\(o.count >= 1_000_000 && o.count % 1_000_000 == 0 ? "\(o.count / 1_000_000)m" : "\(o.count / 1_000)k")-\(o.dimension)d"
        let dir = "\(o.outputDirectory)/data/\(name)"
        let files: Files = ("\(dir)/base.fvecs", "\(dir)/query.fvecs", "\(dir)/gt.ivecs")
        let mixture = GaussianMixture(dimension: o.dimension, clusters: o.clusters, seed: o.seed)
        let base = mixture.sample(count: o.count, seed: o.seed &+ 1)
        let queries = mixture.sample(count: o.queryCount, seed: o.seed &+ 2)
        // Reuse ground truth computed by an earlier run on the same data (it is deterministic from the seed).
        if FileManager.default.fileExists(atPath: files.groundTruth),
           let cached = try? VectorFiles.readIvecs(files.groundTruth), cached.count == queries.count,
           (try? VectorFiles.readFvecs(files.queries)) == queries {
            log("reusing ground truth in \(dir)")
            return (name, base, queries, cached, files)
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let truth = groundTruth(base, queries, k: max(k, 10))
        try VectorFiles.writeFvecs(base, to: files.base)
        try VectorFiles.writeFvecs(queries, to: files.queries)
        try VectorFiles.writeIvecs(truth, to: files.groundTruth)
        return (name, base, queries, truth, files)
    }

    func groundTruth(_ base: VectorMatrix, _ queries: VectorMatrix, k: Int) -> [[Int32]] {
        let start = MonotonicClock.now()
        let truth = BruteForceIndex.groundTruth(base: base, queries: queries, k: k,
                                                metric: options.configuration.metric, threads: 2)
        log("ground truth (brute force, 2 threads) in \(Int(MonotonicClock.now() - start)) s")
        return truth
    }

    /// Runs a child process, forwarding its stderr live and returning its stdout.
    func runProcess(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunnerError("\(executable) \(arguments.prefix(3).joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct RunnerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension ANNBenchmarkRow {
    /// Parses a line in `csvHeader`'s column order (what peers.py prints).
    public init?(csvLine: String) {
        let f = csvLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 13, let n = Int(f[2]), let d = Int(f[3]), let m = Int(f[4]), let efc = Int(f[5]),
              let ef = Int(f[6]), let r = Double(f[7]), let q = Double(f[8]), let qc = Double(f[9]),
              let mem = Double(f[12]) else { return nil }
        self.init(library: f[0], dataset: f[1], count: n, dimension: d, M: m, efConstruction: efc, efSearch: ef,
                  recallAt10: r, queriesPerSecond: q, queriesPerCPUSecond: qc, buildSeconds1: Double(f[10]),
                  buildSeconds2: Double(f[11]), memoryMB: mem)
    }
}

/// The README table: for each library, the fastest efSearch that reaches the recall bar, with ratios to hnswlib.
public enum ANNBenchmarkSummary {
    public static func markdown(rows: [ANNBenchmarkRow], minimumRecall: Double) -> String {
        guard let first = rows.first else { return "" }
        var lines = [
            "Dataset `\(first.dataset)` (\(first.count) × \(first.dimension)), M = \(first.M), efConstruction = \(first.efConstruction); "
                + "best single-thread QPS at recall@10 ≥ \(minimumRecall). QPS per wall second and per CPU second of the process.",
            "",
            "| library | efSearch | recall@10 | QPS (wall) | QPS (CPU) | vs hnswlib (CPU) | build 1 thread (s) | build 2 threads (s) | memory (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        var libraries: [String] = []
        for r in rows where !libraries.contains(r.library) { libraries.append(r.library) }
        func best(_ lib: String) -> ANNBenchmarkRow? {
            rows.filter { $0.library == lib && $0.recallAt10 >= minimumRecall }.max { $0.queriesPerCPUSecond < $1.queriesPerCPUSecond }
        }
        let reference = best("hnswlib")
        func num(_ x: Double?, _ digits: Int = 1) -> String {
            guard let x else { return "–" }
            let p = pow(10.0, Double(digits))
            return "\((x * p).rounded() / p)"
        }
        for lib in libraries {
            guard let b = best(lib) else {
                lines.append("| \(lib) | – | below \(minimumRecall) at every efSearch | | | | | | |")
                continue
            }
            let ratio = reference.map { b.queriesPerCPUSecond / $0.queriesPerCPUSecond }
            lines.append("| \(lib) | \(b.efSearch) | \(num(b.recallAt10, 4)) | \(Int(b.queriesPerSecond)) | \(Int(b.queriesPerCPUSecond)) | "
                + "\(ratio.map { num($0, 2) + "×" } ?? "–") | \(num(b.buildSeconds1)) | \(num(b.buildSeconds2)) | \(Int(b.memoryMB)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
