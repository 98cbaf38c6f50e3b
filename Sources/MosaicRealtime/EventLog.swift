import Foundation
import Logging
import MosaicCore

/// The durable, append-only log of engagement events (`<data>/events/`), the one source that counters, trend
/// detection, session context, trial audiences and training export all consume at their own pace.
///
/// - Durability: `append` returns after the batch is written and, under `.fsyncEachAppend` (the default),
///   `fdatasync`ed; one append call is one sync, so callers pass a request's events together.
/// - Crash safety: see `SegmentedLog` (torn tails are truncated on open, earlier records are never touched).
/// - Concurrency: an actor; appends are short sequential writes (a sync is ~1 ms on SSD), which is acceptable
///   on the cooperative pool at this service's scale; a bigger deployment would move the sync to a thread.
public actor EventLog {
    public struct Configuration: Sendable {
        /// A segment is sealed and a new one started once it reaches this size.
        public var segmentBytes: UInt64 = 64 << 20
        public var durability: LogDurability = .fsyncEachAppend
        /// Sealed segments are removed, oldest first, while the log is larger than this.
        public var retainBytes: UInt64? = 4 << 30
        /// Sealed segments whose newest event is older than this are removed.
        public var retainAge: TimeInterval? = 7 * 24 * 3600
        public init(segmentBytes: UInt64 = 64 << 20, durability: LogDurability = .fsyncEachAppend,
                    retainBytes: UInt64? = 4 << 30, retainAge: TimeInterval? = 7 * 24 * 3600) {
            self.segmentBytes = segmentBytes; self.durability = durability
            self.retainBytes = retainBytes; self.retainAge = retainAge
        }
    }

    /// The log's folder; consumers keep their checkpoints in `<directory>/consumers`.
    public nonisolated let directory: String
    private let log: SegmentedLog
    private let configuration: Configuration
    private let clock: any MosaicClock
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    /// Opens (or creates) the log in `directory`, recovering from a crash if the last write was torn.
    public init(directory: String, configuration: Configuration = Configuration(), clock: any MosaicClock = SystemClock(),
                logger: Logger = Logger(label: "mosaic.events")) throws {
        self.directory = directory
        self.configuration = configuration
        self.clock = clock
        log = try SegmentedLog(directory: directory + "/segments",
                               configuration: .init(segmentBytes: configuration.segmentBytes,
                                                    durability: configuration.durability),
                               logger: logger)
    }

    /// The offset the next appended event will get (= number of events ever appended).
    public var nextOffset: UInt64 { log.nextOffset }
    /// The oldest offset still on disk (retention removes whole segments before it).
    public var firstOffset: UInt64 { log.firstOffset }
    /// Bytes of a torn tail cut off when this log was opened; 0 after a clean shutdown.
    public var recoveredTornBytes: UInt64 { log.truncatedTailBytes }
    public var segmentCount: Int { log.segmentCount }
    public var sizeBytes: UInt64 { log.totalBytes }

    /// Appends events with consecutive offsets; returns when they are durable (see `Configuration.durability`).
    @discardableResult
    public func append(_ records: [Engagement]) throws -> Range<UInt64> {
        let range = try log.append(records.map { $0.encoded() })
        if !range.isEmpty, !waiters.isEmpty {
            let ready = waiters
            waiters.removeAll()
            for (_, c) in ready { c.resume() }
        }
        return range
    }

    /// Events from `offset` on, at most `limit`. Offsets removed by retention are skipped: the first event
    /// returned then has an offset above the one asked for.
    public func read(from offset: UInt64, limit: Int) throws -> [LoggedEvent] {
        try log.read(from: offset, maxRecords: limit).map {
            LoggedEvent(offset: $0.offset, record: try Engagement(decoding: $0.payload))
        }
    }

    /// Suspends until an event with an offset ≥ `offset` exists, or the task is cancelled.
    public func waitForEvent(at offset: UInt64) async {
        if log.nextOffset > offset || Task.isCancelled { return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                if Task.isCancelled { c.resume() } else { waiters[id] = c }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    /// Removes sealed segments beyond the size and age limits, but never one holding an offset ≥ `keepingFrom`
    /// (pass the slowest consumer's committed offset so that retention cannot skip events it has not seen).
    /// Returns the number of segments removed.
    @discardableResult
    public func applyRetention(keepingFrom: UInt64? = nil) throws -> Int {
        var size = log.totalBytes
        let now = clock.now()
        return try log.dropSegments { base, end, bytes in
            if let keep = keepingFrom, end > keep { return false }
            if let limit = configuration.retainBytes, size > limit {
                size -= bytes
                return true
            }
            if let age = configuration.retainAge, end > base,
               let last = try log.read(from: end - 1, maxRecords: 1).first {
                let at = try Engagement(decoding: last.payload).at
                return now.timeIntervalSince(at) > age
            }
            return false
        }
    }

    /// Seals the active segment now (tests and operators; appends rotate by size on their own).
    public func rotate() throws { try log.rotate() }

    /// Makes everything appended so far durable (for `.kernelBuffered` logs, at shutdown).
    public func sync() throws { try log.sync() }
}
