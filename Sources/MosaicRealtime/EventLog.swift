import Foundation
import Logging
import MosaicCore

/// The durable, append-only log of engagement events (`<data>/events/`), the one source that counters, trend
/// detection, session context, trial audiences and training export all consume at their own pace.
///
/// - Durability: `append` returns once the batch is durable per `LogDurability` (default `.fsync`: covered by
///   an `fdatasync`, shared between concurrent appends by group commit). Readers never see a record that is
///   not durable yet, so no consumer can apply (and checkpoint past) an event that a crash then takes back.
/// - Crash safety: see `SegmentedLog` (torn tails are truncated on open, earlier records are never touched).
/// - Concurrency: an actor. Appends do a short `pwrite` on the actor (page-cache speed); the sync runs on a
///   Dispatch thread, so the cooperative pool is never blocked for a disk flush.
public actor EventLog: GroupCommitting {
    public struct Configuration: Sendable {
        /// A segment is sealed and a new one started once it reaches this size.
        public var segmentBytes: UInt64 = 64 << 20
        public var durability: LogDurability = .fsync
        /// Sealed segments are removed, oldest first, while the log is larger than this.
        public var retainBytes: UInt64? = 4 << 30
        /// Sealed segments whose newest event is older than this are removed.
        public var retainAge: TimeInterval? = 7 * 24 * 3600
        public init(segmentBytes: UInt64 = 64 << 20, durability: LogDurability = .fsync,
                    retainBytes: UInt64? = 4 << 30, retainAge: TimeInterval? = 7 * 24 * 3600) {
            self.segmentBytes = segmentBytes; self.durability = durability
            self.retainBytes = retainBytes; self.retainAge = retainAge
        }
    }

    /// The log's folder; consumers keep their checkpoints in `<directory>/consumers`.
    public nonisolated let directory: String
    let segments: SegmentedLog
    let groupCommit: GroupCommit
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
        segments = try SegmentedLog(directory: directory + "/segments",
                                    configuration: .init(segmentBytes: configuration.segmentBytes), logger: logger)
        groupCommit = GroupCommit(durableEnd: segments.nextOffset)
    }

    private var log: SegmentedLog { segments }

    /// The end of the durable, readable log: the offset after the last event a reader can see.
    public var nextOffset: UInt64 { groupCommit.durableEnd }
    /// Syncs done so far (appends ÷ syncs is the group-commit factor).
    public var syncCount: Int { groupCommit.syncCount }
    /// The oldest offset still on disk (retention removes whole segments before it).
    public var firstOffset: UInt64 { log.firstOffset }
    /// Bytes of a torn tail cut off when this log was opened; 0 after a clean shutdown.
    public var recoveredTornBytes: UInt64 { log.truncatedTailBytes }
    public var segmentCount: Int { log.segmentCount }
    public var sizeBytes: UInt64 { log.totalBytes }

    /// Appends events with consecutive offsets; returns when they are durable (see `Configuration.durability`).
    /// After a failed sync every append throws: reopen the log.
    @discardableResult
    public func append(_ records: [Engagement]) async throws -> Range<UInt64> {
        if let failure = groupCommit.failure { throw failure }
        let range = try log.append(records.map { $0.encoded() })
        guard !range.isEmpty else { return range }
        switch configuration.durability {
        case .fsync: try await waitUntilDurable(range.upperBound)
        case .kernelBuffered: markWrittenDurable()
        }
        return range
    }

    func becameDurable(through end: UInt64) {
        guard !waiters.isEmpty else { return }
        let ready = waiters
        waiters.removeAll()
        for (_, c) in ready { c.resume() }
    }

    /// Events from `offset` on, at most `limit`. Offsets removed by retention are skipped: the first event
    /// returned then has an offset above the one asked for.
    public func read(from offset: UInt64, limit: Int) throws -> [LoggedEvent] {
        try log.read(from: offset, maxRecords: limit, end: groupCommit.durableEnd).map {
            LoggedEvent(offset: $0.offset, record: try Engagement(decoding: $0.payload))
        }
    }

    /// Suspends until an event with an offset ≥ `offset` exists, or the task is cancelled.
    public func waitForEvent(at offset: UInt64) async {
        if groupCommit.durableEnd > offset || Task.isCancelled { return }
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
