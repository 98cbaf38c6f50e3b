import ArgumentParser
import Foundation
import MosaicMedia

/// `mosaic bench media`: Mosaic's upload pipeline against `vipsthumbnail` and Pillow on the same photographs
/// in the same run. Inputs come from bench/media/fetch_inputs.sh (run scripts/install-bench-deps.sh first).
struct BenchMediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Decode → filter → all variants → encode: Mosaic vs vipsthumbnail vs Pillow (medians, ratios).")

    @Option(help: "Directory of input JPEGs (default: prepared by bench/media/fetch_inputs.sh into it).")
    var inputs: String = ".bench-cache/media/inputs"

    @Option(help: "Timed repetitions per image and tool (after one warm-up).")
    var repetitions: Int = 5

    @Option(help: "Filter preset Mosaic applies (vipsthumbnail cannot filter; Pillow applies contrast + saturation).")
    var filter: String = "clarendon"

    @Option(help: "Folder holding the peer scripts.")
    var benchDirectory: String = "bench/media"

    @Flag(help: "Skip the Pillow peer.")
    var noPillow = false

    @Flag(help: "Skip the vipsthumbnail peer.")
    var noVipsthumbnail = false

    func run() async throws {
        let inputDirectory = URL(fileURLWithPath: inputs)
        var files = jpegs(in: inputDirectory)
        if files.isEmpty {
            let cache = inputDirectory.deletingLastPathComponent().path
            print("Preparing inputs with \(benchDirectory)/fetch_inputs.sh \(cache) …")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["\(benchDirectory)/fetch_inputs.sh", cache]
            try process.run()
            process.waitUntilExit()
            files = jpegs(in: inputDirectory)
        }
        guard !files.isEmpty else { throw ValidationError("no JPEG inputs in \(inputs)") }
        let benchmark = MediaBenchmark(
            inputs: files, repetitions: repetitions, filter: filter,
            vipsthumbnail: noVipsthumbnail ? nil : "/usr/bin/vipsthumbnail",
            pillowScript: noPillow ? nil : URL(fileURLWithPath: "\(benchDirectory)/pillow_variants.py"))
        let rows = try benchmark.run { print($0) }
        print()
        print(MediaBenchmark.markdownTable(rows))
    }

    private func jpegs(in directory: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["jpg", "jpeg"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
