import Foundation

/// A one-line progress bar on stderr: label, bar, percent, rate and ETA. Redraws at most 10 times a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    init(_ label: String) { self.label = label }

    func update(_ fraction: Double, detail: String = "") {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || fraction >= 1 else { return }
        lastDraw = now
        let f = min(max(fraction, 0), 1)
        let width = 28
        let filled = Int(Double(width) * f)
        let elapsed = now.timeIntervalSince(start)
        let eta = f > 0.01 ? elapsed / f - elapsed : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %@ %5.1f%%  %@  %.0fs elapsed, ETA %.0fs   ", label, bar, f * 100, detail, elapsed, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish(_ message: String = "done") {
        update(1)
        FileHandle.standardError.write(Data(" \(message)\n".utf8))
    }
}
