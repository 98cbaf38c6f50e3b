import Foundation

/// `mosaic bench media`: the same inputs through Mosaic's pipeline, the `vipsthumbnail` command and a Pillow
/// script, in one run, reporting per-image medians of wall time and of CPU time (user + system, all threads
/// and child processes): on a shared machine CPU time is the steadier measure of work done.
/// Mosaic does strictly more per image than vipsthumbnail, which cannot filter and computes no descriptor,
/// BlurHash or placeholder.
public struct MediaBenchmark: Sendable {
    public struct Timing: Sendable {
        public var wallMilliseconds: Double
        public var cpuMilliseconds: Double
    }

    public struct Row: Sendable {
        public var image: String
        public var width: Int
        public var height: Int
        public var mosaic: Timing
        public var vipsthumbnail: Timing?
        public var pillow: Timing?
    }

    public var inputs: [URL]
    public var repetitions: Int
    public var filter: String?
    public var configuration: MediaConfiguration
    /// `vipsthumbnail` executable, or nil to skip the peer.
    public var vipsthumbnail: String?
    /// Pillow peer script (bench/media/pillow_variants.py), run with `python3`, or nil to skip.
    public var pillowScript: URL?

    public init(inputs: [URL], repetitions: Int = 5, filter: String? = "clarendon",
                configuration: MediaConfiguration = MediaConfiguration(),
                vipsthumbnail: String? = "/usr/bin/vipsthumbnail", pillowScript: URL? = nil) {
        self.inputs = inputs; self.repetitions = max(1, repetitions); self.filter = filter
        self.configuration = configuration; self.vipsthumbnail = vipsthumbnail; self.pillowScript = pillowScript
    }

    public func run(log: (String) -> Void = { _ in }) throws -> [Row] {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("mosaic-bench-media-\(ProcessInfo.processInfo.processIdentifier)")
        let vipsDirectory = scratch.appendingPathComponent("vips")
        try FileManager.default.createDirectory(at: vipsDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pipeline = MediaPipeline(configuration: configuration)
        var rows: [Row] = []
        for input in inputs {
            let out = scratch.appendingPathComponent("mosaic")
            let first = try pipeline.processSynchronously(file: input, filter: filter, into: out)   // warm-up
            let mosaic = try measure(RUSAGE_SELF) {
                _ = try pipeline.processSynchronously(file: input, filter: filter, into: out)
            }
            var row = Row(image: input.lastPathComponent, width: first.sourceWidth, height: first.sourceHeight,
                          mosaic: mosaic)
            if let vipsthumbnail {
                let commands = vipsthumbnailCommands(input: input, into: vipsDirectory)
                try runAll(vipsthumbnail, commands)   // warm-up
                row.vipsthumbnail = try measure(RUSAGE_CHILDREN) { try runAll(vipsthumbnail, commands) }
            }
            if let pillowScript {
                // Per image, right after the other two, so all three see the same machine load.
                let output = try Self.run("/usr/bin/env", ["python3", pillowScript.path, "--reps", "\(repetitions)",
                                                          input.path])
                let medians = try JSONDecoder().decode([String: [String: Double]].self, from: Data(output.utf8))
                if let m = medians[row.image], let wall = m["wall"], let cpu = m["cpu"] {
                    row.pillow = Timing(wallMilliseconds: wall, cpuMilliseconds: cpu)
                }
            }
            log("\(row.image): Mosaic \(Self.format(mosaic.wallMilliseconds)) ms wall, "
                + "\(Self.format(mosaic.cpuMilliseconds)) ms CPU")
            rows.append(row)
        }
        return rows
    }

    /// One invocation per variant, each producing the file Mosaic writes: `full` 1080 wide, squares
    /// smart-cropped with the same attention strategy, progressive optimised q=82 JPEG without metadata.
    func vipsthumbnailCommands(input: URL, into directory: URL) -> [[String]] {
        let options = "[Q=\(configuration.jpegQuality),interlace,optimize_coding,strip]"
        return MediaVariant.allCases.map { variant in
            let target = directory.appendingPathComponent(variant.fileName).path + options
            return variant.isSquare
                ? [input.path, "--size", "\(variant.size)x\(variant.size)", "--smartcrop", "attention", "-o", target]
                : [input.path, "--size", "\(variant.size)x", "-o", target]
        }
    }

    private func runAll(_ executable: String, _ commands: [[String]]) throws {
        for arguments in commands { _ = try Self.run(executable, arguments) }
    }

    /// Medians over `repetitions` of wall time and of CPU time of `who` (this process or its reaped children).
    private func measure(_ who: __rusage_who, _ body: () throws -> Void) rethrows -> Timing {
        func cpuNow() -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        }
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds, startCPU = cpuNow()
            try body()
            walls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            cpus.append(cpuNow() - startCPU)
        }
        return Timing(wallMilliseconds: Self.median(walls), cpuMilliseconds: Self.median(cpus))
    }

    static func median(_ values: [Double]) -> Double {
        let v = values.sorted()
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure(description:
                "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public struct BenchmarkFailure: Error, CustomStringConvertible {
        public var description: String
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Markdown table of medians and ratios (peer ÷ Mosaic: above 1 means Mosaic is faster), wall then CPU.
    public static func markdownTable(_ rows: [Row]) -> String {
        func ms(_ v: Double?) -> String { v.map(format) ?? "–" }
        func ratio(_ peer: Double?, _ mosaic: Double) -> String {
            peer.map { String(format: "%.2f×", $0 / mosaic) } ?? "–"
        }
        var lines = [
            "| image | size | Mosaic ms (wall / CPU) | vipsthumbnail ms (wall / CPU) | Pillow ms (wall / CPU) "
                + "| vipsthumbnail ÷ Mosaic (wall / CPU) | Pillow ÷ Mosaic (wall / CPU) |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        func line(_ name: String, _ size: String, _ m: Timing, _ v: Timing?, _ p: Timing?) -> String {
            "| \(name) | \(size) | \(ms(m.wallMilliseconds)) / \(ms(m.cpuMilliseconds)) | "
                + "\(ms(v?.wallMilliseconds)) / \(ms(v?.cpuMilliseconds)) | "
                + "\(ms(p?.wallMilliseconds)) / \(ms(p?.cpuMilliseconds)) | "
                + "\(ratio(v?.wallMilliseconds, m.wallMilliseconds)) / \(ratio(v?.cpuMilliseconds, m.cpuMilliseconds)) | "
                + "\(ratio(p?.wallMilliseconds, m.wallMilliseconds)) / \(ratio(p?.cpuMilliseconds, m.cpuMilliseconds)) |"
        }
        for row in rows {
            lines.append(line(row.image, "\(row.width)×\(row.height)", row.mosaic, row.vipsthumbnail, row.pillow))
        }
        func sum(_ timings: [Timing?]) -> Timing? {
            let present = timings.compactMap { $0 }
            guard present.count == timings.count, !present.isEmpty else { return nil }
            return Timing(wallMilliseconds: present.map(\.wallMilliseconds).reduce(0, +),
                          cpuMilliseconds: present.map(\.cpuMilliseconds).reduce(0, +))
        }
        if let mosaic = sum(rows.map(\.mosaic)) {
            lines.append(line("**all**", "", mosaic, sum(rows.map(\.vipsthumbnail)), sum(rows.map(\.pillow))))
        }
        return lines.joined(separator: "\n")
    }
}
