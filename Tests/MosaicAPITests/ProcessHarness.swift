import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `mosaic` executable (built beside the test bundle) as a child process, so tests can
/// `kill -9` it and start it again over the same data folder.
final class MosaicProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static var executable: URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [bundleDir.appendingPathComponent("mosaic")]
        // Swift Testing may run from inside the .xctest bundle folder.
        candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("mosaic"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Starts `mosaic <arguments>` and waits for its "serving on http://host:port/" line.
    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["MOSAIC_PASSWORD_COST"] = "10"
        env["MOSAIC_LIMITS"] = "relaxed"
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        var found: Int? = nil
        let deadline = Date().addingTimeInterval(60)
        while found == nil && Date() < deadline && process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { usleep(20_000); continue }
            buffer += chunk
            let text = String(decoding: buffer, as: UTF8.self)
            if let r = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                let url = text[r]
                found = Int(url.split(separator: ":").last!.dropLast())
            }
        }
        guard let port = found else {
            process.terminate()
            throw TestFailure("mosaic did not start: \(String(decoding: buffer, as: UTF8.self))")
        }
        self.port = port
        // Keep draining stdout so the child never blocks on a full pipe.
        let handle = out.fileHandleForReading
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
    }

    /// SIGKILL: no shutdown hooks, no flushing — exactly a crash.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
