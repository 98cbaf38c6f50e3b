import Foundation
import MosaicCore

/// The funnel's log as JSON lines in `<data>/logs/explore/explore-YYYY-MM-DD.jsonl`, one file per UTC day.
/// Records are buffered and written when 64 KB have gathered or a second has passed, so serving pays for an
/// append to memory; a crash loses at most that last second of impressions — acceptable for a training log,
/// unlike acknowledged user writes, which go to SQLite before their answer.
public actor ExploreLogFile: ExploreLogSink {
    public nonisolated let directory: String
    private var buffer = Data()
    private var lastFlush = ContinuousClock.now
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    public init(data: String) {
        directory = Self.directory(data: data)
    }

    public static func directory(data: String) -> String {
        ((data as NSString).appendingPathComponent("logs") as NSString).appendingPathComponent("explore")
    }

    public func record(_ record: ExploreLogRecord) async {
        guard let line = try? encoder.encode(record) else { return }
        buffer.append(line)
        buffer.append(0x0A)
        if buffer.count >= 65_536 || ContinuousClock.now - lastFlush > .seconds(1) { flush() }
    }

    /// Appends what is buffered to today's file.
    public func flush() {
        lastFlush = ContinuousClock.now
        guard !buffer.isEmpty else { return }
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let path = (directory as NSString).appendingPathComponent("explore-\(day).jsonl")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        } catch {
            // Keep the buffer for the next attempt, but bounded: a full disk must not grow memory without limit.
            if buffer.count > 16 << 20 { buffer.removeAll() }
        }
    }

    /// Every record in the folder's log files, oldest file first; a torn last line (a crash mid-write) is skipped.
    public static func read(data: String) throws -> [ExploreLogRecord] {
        let dir = directory(data: data)
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var out: [ExploreLogRecord] = []
        for f in files.filter({ $0.hasSuffix(".jsonl") }).sorted() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(f)))
            for line in bytes.split(separator: 0x0A) where !line.isEmpty {
                if let r = try? decoder.decode(ExploreLogRecord.self, from: line) { out.append(r) }
            }
        }
        return out
    }
}
