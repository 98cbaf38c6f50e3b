import Foundation
import Logging

/// A named reader of the event log that feeds one `EventProjection` exactly once, across restarts.
///
/// Its committed position lives in `<log>/consumers/<name>.ckpt` together with the projection's state (see
/// `EventProjection` for why that gives exactly-once). A consumer that falls behind simply reads bigger
/// batches until it is caught up; one that restarts resumes after its last commit and re-applies the few
/// events that were applied but not yet committed onto the state as it was at that commit.
///
/// One task drives a consumer (`run()`, or `poll()`/`catchUp()` from a test); overlapping calls throw.
public actor EventConsumer {
    public nonisolated let name: String
    private let log: EventLog
    private let projection: any EventProjection
    private let logger: Logger
    /// Events per read from the log.
    public let batchSize: Int
    /// Commit after this many applied events (and whenever the consumer goes idle). Larger is cheaper for
    /// projections with big states, at the price of more re-application after a crash.
    public let commitEvery: Int

    /// The offset of the next event to apply.
    public private(set) var nextOffset: UInt64 = 0
    /// The offset stored by the last commit: a restart resumes here.
    public private(set) var committedOffset: UInt64 = 0
    /// Events that retention removed before this consumer read them (0 unless the log's retention was set
    /// without `keepingFrom`).
    public private(set) var skippedByRetention: UInt64 = 0
    private var appliedSinceCommit = 0
    private var busy = false

    public struct Busy: Error {}

    /// Restores the projection from the consumer's last commit (or starts it empty at offset 0).
    public init(name: String, log: EventLog, projection: some EventProjection, batchSize: Int = 1024,
                commitEvery: Int = 10_000, logger: Logger = Logger(label: "mosaic.events.consumer")) async throws {
        precondition(!name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
                     "consumer names are [A-Za-z0-9_-]+")
        self.name = name
        self.log = log
        self.projection = projection
        self.batchSize = max(1, batchSize)
        self.commitEvery = max(1, commitEvery)
        self.logger = logger
        try FileManager.default.createDirectory(atPath: log.directory + "/consumers", withIntermediateDirectories: true)
        let saved = try ConsumerCheckpoint.load(directory: log.directory, name: name)
        let own = try await projection.restore(from: saved?.state)
        nextOffset = own.map { $0 + 1 } ?? saved?.nextOffset ?? 0
        committedOffset = nextOffset
        let end = await log.nextOffset
        guard nextOffset <= end else {
            // Only possible if the log lost a synced tail (a `.kernelBuffered` log after power loss, or files
            // restored from different backups). Continuing would silently skip the next events; refuse instead.
            throw AheadOfLog(consumer: name, committed: nextOffset, logEnd: end)
        }
    }

    /// The consumer's checkpoint is past the end of the log. Delete `<log>/consumers/<name>.ckpt` to rebuild
    /// the projection from the log's retained events.
    public struct AheadOfLog: Error, CustomStringConvertible {
        public let consumer: String
        public let committed: UInt64
        public let logEnd: UInt64
        public var description: String {
            "consumer \(consumer) committed offset \(committed) but the event log ends at \(logEnd)"
        }
    }

    /// Reads and applies one batch; returns how many events were applied (0: caught up). Commits when
    /// `commitEvery` events have been applied since the last commit.
    @discardableResult
    public func poll() async throws -> Int {
        guard !busy else { throw Busy() }
        busy = true
        defer { busy = false }
        let events = try await log.read(from: nextOffset, limit: batchSize)
        let logStart = await log.firstOffset
        let oldest = events.first?.offset ?? logStart
        if oldest > nextOffset {
            skippedByRetention += oldest - nextOffset
            logger.warning("consumer fell behind retention", metadata: [
                "consumer": "\(name)", "from": "\(nextOffset)", "to": "\(oldest)"])
            nextOffset = oldest
        }
        guard !events.isEmpty else { return 0 }
        try await projection.apply(events)
        nextOffset = events.last!.offset + 1
        appliedSinceCommit += events.count
        if appliedSinceCommit >= commitEvery { try await commitLocked() }
        return events.count
    }

    /// Applies everything appended before the call, then commits. Returns the number of events applied.
    @discardableResult
    public func catchUp() async throws -> Int {
        let target = await log.nextOffset
        var total = 0
        while nextOffset < target {
            let n = try await poll()
            if n == 0 { break }
            total += n
        }
        try await commit()
        return total
    }

    /// Stores the projection's state with the current offset, atomically.
    public func commit() async throws {
        guard !busy else { throw Busy() }
        busy = true
        defer { busy = false }
        try await commitLocked()
    }

    /// Stores the projection's state now, even when no event was applied since the last commit: for state a
    /// projection gained outside the log (a trial audience started when its post was created) that must survive
    /// a crash. Waits for a poll or commit in progress instead of failing.
    public func commitNow() async throws {
        try await waitUntilIdle()
        busy = true
        defer { busy = false }
        try await commitLocked(force: true)
    }

    /// Returns once no poll or commit is in progress (they set `busy` across their suspension points).
    private func waitUntilIdle() async throws {
        while busy { try await Task.sleep(for: .milliseconds(1)) }
    }

    private func commitLocked(force: Bool = false) async throws {
        guard force || nextOffset != committedOffset || appliedSinceCommit > 0 else { return }
        let state = try await projection.checkpoint()
        try ConsumerCheckpoint(nextOffset: nextOffset, state: state).save(directory: log.directory, name: name)
        committedOffset = nextOffset
        appliedSinceCommit = 0
    }

    /// Follows the log until the task is cancelled: applies new events as they arrive, commits every
    /// `commitEvery` events and whenever it has caught up. Commits once more on cancellation.
    public func run() async throws {
        while !Task.isCancelled {
            do {
                if try await poll() == 0 {
                    try await commit()
                    await log.waitForEvent(at: nextOffset)
                }
            } catch is Busy {
                // A `commitNow` is storing the state: try again in a moment.
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        try await waitUntilIdle()
        try await commit()
    }

    /// How many appended events this consumer has not applied yet.
    public var lag: UInt64 {
        get async { await log.nextOffset - nextOffset }
    }
}
