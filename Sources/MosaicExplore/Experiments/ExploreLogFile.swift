import Foundation
import MosaicCore
import MosaicRealtime

/// The funnel's log in `<data>/logs/explore/explore-YYYY-MM-DD.log`, one file per UTC day: length-prefixed
/// binary records (`ExploreLogCoding`). Records are buffered and written when 64 KB have gathered or a second has passed, so serving pays for an
/// append to memory; a crash loses at most that last second of impressions — acceptable for a training log,
/// unlike acknowledged user writes, which go to SQLite before their answer.
public actor ExploreLogFile: ExploreLogSink {
    public nonisolated let directory: String
    private var buffer: [UInt8] = []
    private var lastFlush = ContinuousClock.now

    /// Days of files kept; older ones are deleted when a new day's file is started.
    public nonisolated let retentionDays: Int
    private var currentDay = ""

    public init(data: String, retentionDays: Int = 14) {
        directory = Self.directory(data: data)
        self.retentionDays = retentionDays
    }

    public static func directory(data: String) -> String {
        ((data as NSString).appendingPathComponent("logs") as NSString).appendingPathComponent("explore")
    }

    public func record(_ record: ExploreLogRecord) async {
        var w = ByteWriter(capacity: 16_384)
        record.encode(into: &w)
        withUnsafeBytes(of: UInt32(w.bytes.count).littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: w.bytes)
        if buffer.count >= 65_536 || ContinuousClock.now - lastFlush > .seconds(1) { flush() }
    }

    /// Appends what is buffered to today's file.
    public func flush() {
        lastFlush = ContinuousClock.now
        guard !buffer.isEmpty else { return }
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let path = (directory as NSString).appendingPathComponent("explore-\(day).log")
        if day != currentDay {
            currentDay = day
            removeFilesOlderThanRetention(today: day)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        } catch {
            // Keep the buffer for the next attempt, but bounded: a full disk must not grow memory without limit.
            if buffer.count > 16 << 20 { buffer.removeAll() }
        }
    }

    private func removeFilesOlderThanRetention(today: String) {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory),
              let now = ISO8601DateFormatter().date(from: today + "T00:00:00Z") else { return }
        let cutoff = ISO8601DateFormatter.string(from: now.addingTimeInterval(-Double(retentionDays) * 86_400),
                                                 timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        // Names sort by date: "explore-2026-11-18.log" < "explore-2026-11-20.log".
        for f in files where f.hasPrefix("explore-") && f < "explore-\(cutoff)" {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(f))
        }
    }

    /// Every record in the folder's log files, oldest file first; a torn last record (a crash mid-write) ends
    /// its file's reading.
    public static func read(data: String) throws -> [ExploreLogRecord] {
        let dir = directory(data: data)
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var out: [ExploreLogRecord] = []
        for f in files.filter({ $0.hasPrefix("explore-") && $0.hasSuffix(".log") }).sorted() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(f))))
            var at = 0
            while at + 4 <= bytes.count {
                let n = Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
                guard at + 4 + n <= bytes.count else { break }
                var r = ByteReader(Array(bytes[(at + 4)..<(at + 4 + n)]))
                if let record = try? ExploreLogRecord.decode(&r) { out.append(record) }
                at += 4 + n
            }
        }
        return out
    }
}
