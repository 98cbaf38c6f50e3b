#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A duplicated descriptor of a segment file, synced and closed on a Dispatch thread: an `fdatasync` takes
/// milliseconds, and blocking one of the cooperative pool's few threads for that long would stall unrelated
/// tasks.
struct SyncHandle: Sendable {
    let fd: Int32
    let path: String

    func syncAndClose() -> Result<Void, LogIOError> {
        defer { close(fd) }
        #if canImport(Glibc)
        let rc = fdatasync(fd)
        #else
        let rc = fsync(fd)
        #endif
        return rc == 0 ? .success(()) : .failure(LogIOError("fdatasync", path))
    }

    func syncOffPool() async -> Result<Void, LogIOError> {
        await withCheckedContinuation { c in
            DispatchQueue.global(qos: .userInitiated).async { c.resume(returning: syncAndClose()) }
        }
    }
}

/// Group-commit state of one log, owned by its actor: how far the log is durable, who waits for more, and
/// whether a sync is running. One sync at a time; appends arriving meanwhile wait for the next one, which
/// covers all of them. Throughput is therefore bounded by batch size, not by one sync per append.
///
/// A failed sync is fatal to the log (the kernel may have dropped the dirty pages; retrying could report
/// success for lost data): every waiter and every later append gets the error, and the process must reopen
/// the log, whose recovery then finds what really reached the disk.
final class GroupCommit {
    /// Every offset below this is durable (and visible to readers).
    var durableEnd: UInt64
    var syncing = false
    var waiters: [(end: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    var failure: LogIOError?
    /// Syncs completed: for tests and metrics (appends ÷ syncs = the group-commit factor).
    var syncCount = 0

    init(durableEnd: UInt64) { self.durableEnd = durableEnd }
}

/// An actor owning a `SegmentedLog` with group commit (`EventLog`, `PushHub`).
protocol GroupCommitting: Actor {
    var segments: SegmentedLog { get }
    var groupCommit: GroupCommit { get }
    /// Called on the actor when offsets below `end` have become durable, before waiting appends resume.
    func becameDurable(through end: UInt64)
}

extension GroupCommitting {
    /// Suspends until every offset below `end` is durable.
    func waitUntilDurable(_ end: UInt64) async throws {
        if let failure = groupCommit.failure { throw failure }
        guard end > groupCommit.durableEnd else { return }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            groupCommit.waiters.append((end, c))
            scheduleSync()
        }
    }

    /// Marks everything written as durable without syncing (`.kernelBuffered`).
    func markWrittenDurable() {
        let end = segments.nextOffset
        guard end > groupCommit.durableEnd else { return }
        groupCommit.durableEnd = end
        becameDurable(through: end)
    }

    private func scheduleSync() {
        guard !groupCommit.syncing, !groupCommit.waiters.isEmpty else { return }
        let target = segments.nextOffset
        let handle: SyncHandle
        do { handle = try segments.syncHandle() } catch {
            completeSync(target: target, .failure(error as? LogIOError ?? LogIOError(message: "\(error)")))
            return
        }
        groupCommit.syncing = true
        Task {
            let result = await handle.syncOffPool()
            self.completeSync(target: target, result)
        }
    }

    private func completeSync(target: UInt64, _ result: Result<Void, LogIOError>) {
        groupCommit.syncing = false
        switch result {
        case .success:
            groupCommit.syncCount += 1
            if target > groupCommit.durableEnd {
                groupCommit.durableEnd = target
                becameDurable(through: target)
            }
            var still: [(end: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
            for w in groupCommit.waiters {
                if w.end <= target { w.continuation.resume() } else { still.append(w) }
            }
            groupCommit.waiters = still
            scheduleSync()
        case .failure(let error):
            groupCommit.failure = error
            let all = groupCommit.waiters
            groupCommit.waiters = []
            for w in all { w.continuation.resume(throwing: error) }
        }
    }
}
