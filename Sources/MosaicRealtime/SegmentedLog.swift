import Foundation
import Logging

/// When an append counts as durable. The log's append returns only after this much has happened, and
/// readers (consumers, replay) never see a record before it is durable in this sense.
public enum LogDurability: Sendable {
    /// An append returns after an `fdatasync` that covers it: it survives power loss. Appends that arrive
    /// while a sync is running share the next one (group commit), and syncs run on a Dispatch thread, not on
    /// the Swift cooperative pool.
    case fsync
    /// Written to the kernel only: a returned append survives a process crash (kill -9) but not power loss.
    /// For benchmarks and simulations.
    case kernelBuffered
}

/// A folder of segment files holding an append-only sequence of opaque records, each with a 64-bit offset
/// that only grows. Shared by the engagement event log and the push hub's log.
///
/// On disk each record is framed as `length u32 | crc32c u32 | offset u64 | payload`, little-endian, the CRC
/// covering offset and payload. A segment is named after the offset of its first record (`%020d.seg`).
/// Opening scans every segment: a bad frame in the *last* segment is a torn tail from a crash mid-write and is
/// truncated away (nothing after it was ever acknowledged); a bad frame in an older, sealed segment is real
/// corruption and fails the open rather than silently losing acknowledged records.
///
/// Appends only write; making them durable is the owner's job (`GroupCommit`), except at rotation, where the
/// sealed segment is synced before the next one is created (so every segment but the active one is durable).
/// Not thread-safe: owned by an actor (`EventLog`, `PushHub`).
final class SegmentedLog {
    struct Configuration: Sendable {
        var segmentBytes: UInt64 = 64 << 20
        var maxRecordBytes: Int = 1 << 20
    }

    static let headerBytes = 16
    /// Every `indexStride`-th record's file position is kept, so a read seeks to within a few KB of its offset.
    static let indexStride: UInt64 = 64

    private final class Segment {
        let base: UInt64
        let file: SegmentFile
        var count: UInt64 = 0
        var size: UInt64 = 0
        var positions: [UInt64] = []   // position of record base + k*stride
        init(base: UInt64, file: SegmentFile) { self.base = base; self.file = file }
        var end: UInt64 { base + count }
    }

    let directory: String
    let configuration: Configuration
    private var segments: [Segment] = []
    private let logger: Logger
    /// Bytes cut from the tail during recovery (0 after a clean shutdown): reported for tests and operators.
    private(set) var truncatedTailBytes: UInt64 = 0

    var firstOffset: UInt64 { segments.first!.base }
    var nextOffset: UInt64 { segments.last!.end }
    var totalBytes: UInt64 { segments.reduce(0) { $0 + $1.size } }
    var segmentCount: Int { segments.count }
    /// The base offsets of sealed segments and of the active one, oldest first.
    var segmentBases: [UInt64] { segments.map(\.base) }

    init(directory: String, configuration: Configuration, logger: Logger) throws {
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".seg") }
        let bases = names.compactMap { UInt64($0.dropLast(4)) }.sorted()
        for (i, base) in bases.enumerated() {
            let seg = Segment(base: base, file: try SegmentFile(path: path(base), create: false))
            try recover(seg, isLast: i == bases.count - 1)
            if let prev = segments.last, prev.end != base {
                throw LogIOError(message: "segment \(path(base)) starts at \(base) but the previous one ends at \(prev.end)")
            }
            segments.append(seg)
        }
        if segments.isEmpty {
            segments.append(try createSegment(base: 0))
        } else {
            // What a crashed process wrote but never synced may still be only in the page cache: sync it now,
            // because readers will treat everything recovered as durable.
            try segments.last!.file.sync()
        }
    }

    private func path(_ base: UInt64) -> String {
        let digits = String(base)
        return directory + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
    }

    private func createSegment(base: UInt64) throws -> Segment {
        let seg = Segment(base: base, file: try SegmentFile(path: path(base), create: true))
        try SegmentFile.syncDirectory(directory)
        return seg
    }

    /// Walks a segment's frames, building its sparse index; stops at the first bad frame.
    private func recover(_ seg: Segment, isLast: Bool) throws {
        let fileSize = try seg.file.size
        var pos: UInt64 = 0
        let chunk = 1 << 20
        var buffer: [UInt8] = []
        var bufferStart: UInt64 = 0
        var bad: String?
        scan: while pos < fileSize {
            // Make sure the header and then the whole record are in the buffer.
            func ensure(_ n: Int) throws -> Bool {
                if pos + UInt64(n) > fileSize { return false }
                if pos < bufferStart || pos + UInt64(n) > bufferStart + UInt64(buffer.count) {
                    bufferStart = pos
                    buffer = try seg.file.read(count: max(chunk, n), at: pos)
                }
                return pos + UInt64(n) <= bufferStart + UInt64(buffer.count)
            }
            guard try ensure(Self.headerBytes) else { bad = "incomplete header"; break scan }
            var r = ByteReader(buffer, position: Int(pos - bufferStart))
            let length = Int(try r.u32()), crc = try r.u32(), offset = try r.u64()
            guard length <= configuration.maxRecordBytes else { bad = "implausible length \(length)"; break scan }
            guard offset == seg.end else { bad = "offset \(offset), expected \(seg.end)"; break scan }
            guard try ensure(Self.headerBytes + length) else { bad = "incomplete record"; break scan }
            let start = Int(pos - bufferStart)
            let actual = buffer.withUnsafeBytes { raw in
                CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[start + 8..<start + Self.headerBytes + length]))
            }
            guard actual == crc else { bad = "checksum mismatch"; break scan }
            if seg.count % Self.indexStride == 0 { seg.positions.append(pos) }
            seg.count += 1
            pos += UInt64(Self.headerBytes + length)
        }
        seg.size = pos
        if let bad {
            guard isLast else {
                throw LogIOError(message: "corrupt sealed segment \(seg.file.path) at byte \(pos): \(bad)")
            }
            truncatedTailBytes = fileSize - pos
            logger.warning("event log: truncating torn tail", metadata: [
                "segment": "\(seg.file.path)", "at": "\(pos)", "bytes": "\(fileSize - pos)", "reason": "\(bad)"])
            try seg.file.truncate(to: pos)
            try seg.file.sync()
        }
    }

    /// Appends records with consecutive offsets and returns them (written, not yet synced). A batch that fills a segment continues in a new one. On a write error the segment being written
    /// is cut back to its previous size, so no half record remains (records already moved into a sealed segment
    /// of the same batch stay: the error is then reported for the rest).
    @discardableResult
    func append(_ payloads: [[UInt8]]) throws -> Range<UInt64> {
        let first = nextOffset
        var i = 0
        while i < payloads.count {
            let seg = segments.last!
            var frame: [UInt8] = []
            var newPositions: [UInt64] = []
            var count = seg.count
            while i < payloads.count, seg.size + UInt64(frame.count) < configuration.segmentBytes {
                let p = payloads[i]
                precondition(p.count <= configuration.maxRecordBytes, "record larger than maxRecordBytes")
                if count % Self.indexStride == 0 { newPositions.append(seg.size + UInt64(frame.count)) }
                var w = ByteWriter(capacity: 8 + p.count)
                w.u64(seg.base + count)
                let body = w.bytes + p
                var h = ByteWriter(capacity: 8)
                h.u32(UInt32(p.count))
                h.u32(CRC32C.checksum(body))
                frame.append(contentsOf: h.bytes)
                frame.append(contentsOf: body)
                count += 1
                i += 1
            }
            if !frame.isEmpty {
                do {
                    try seg.file.write(frame, at: seg.size)
                } catch {
                    try? seg.file.truncate(to: seg.size)
                    throw error
                }
                seg.size += UInt64(frame.count)
                seg.count = count
                seg.positions.append(contentsOf: newPositions)
            }
            if seg.size >= configuration.segmentBytes { try rotate() }
        }
        return first..<nextOffset
    }

    /// Seals the active segment and starts a new one at the next offset.
    func rotate() throws {
        let seg = segments.last!
        guard seg.count > 0 else { return }
        try seg.file.sync()
        segments.append(try createSegment(base: seg.end))
    }

    /// Records from `offset` up to (not including) `end`, in order, at most `maxRecords` of them and about
    /// `maxBytes` of payload (at least one record). An offset before `firstOffset` (removed by retention) starts
    /// at `firstOffset`.
    func read(from offset: UInt64, maxRecords: Int, maxBytes: Int = 4 << 20, end: UInt64? = nil) throws -> [(offset: UInt64, payload: [UInt8])] {
        var out: [(offset: UInt64, payload: [UInt8])] = []
        var want = max(offset, firstOffset)
        var bytes = 0
        let stop = min(end ?? nextOffset, nextOffset)
        guard want < stop, maxRecords > 0 else { return out }
        var si = segments.lastIndex { $0.base <= want }!
        while out.count < maxRecords, bytes < maxBytes, si < segments.count, want < stop {
            let seg = segments[si]
            guard want < seg.end else { si += 1; continue }
            let k = (want - seg.base) / Self.indexStride
            var pos = seg.positions[Int(k)]
            var at = seg.base + k * Self.indexStride
            var buffer: [UInt8] = []
            var bufferStart: UInt64 = 0
            while at < min(seg.end, stop), out.count < maxRecords, bytes < maxBytes {
                if pos + UInt64(Self.headerBytes) > bufferStart + UInt64(buffer.count) {
                    bufferStart = pos
                    buffer = try seg.file.read(count: Int(min(seg.size - pos, 256 << 10)), at: pos)
                }
                var r = ByteReader(buffer, position: Int(pos - bufferStart))
                let length = Int(try r.u32())
                if pos + UInt64(Self.headerBytes + length) > bufferStart + UInt64(buffer.count) {
                    bufferStart = pos
                    buffer = try seg.file.read(count: Self.headerBytes + max(length, 64 << 10), at: pos)
                }
                if at >= want {
                    let s = Int(pos - bufferStart) + Self.headerBytes
                    out.append((at, Array(buffer[s..<s + length])))
                    bytes += length
                }
                pos += UInt64(Self.headerBytes + length)
                at += 1
            }
            want = at
            si += 1
        }
        return out
    }

    /// Deletes sealed segments from the oldest while `shouldDrop(base, end, bytes)` says so; never the active segment.
    /// Returns how many were removed.
    @discardableResult
    func dropSegments(while shouldDrop: (_ base: UInt64, _ end: UInt64, _ bytes: UInt64) throws -> Bool) throws -> Int {
        var removed = 0
        while segments.count > 1, try shouldDrop(segments[0].base, segments[0].end, segments[0].size) {
            let seg = segments.removeFirst()
            try FileManager.default.removeItem(atPath: seg.file.path)
            removed += 1
        }
        if removed > 0 { try SegmentFile.syncDirectory(directory) }
        return removed
    }

    /// Flushes the active segment (for `.kernelBuffered` logs at shutdown).
    func sync() throws { try segments.last!.file.sync() }

    /// A handle that syncs the active segment from another thread (every older segment is already synced).
    func syncHandle() throws -> SyncHandle { try segments.last!.file.syncHandle() }
}
