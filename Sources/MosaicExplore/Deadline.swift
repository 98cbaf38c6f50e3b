import Synchronization

/// Resumes a continuation at most once, whichever of the racers gets there first.
private final class FirstResult<T: Sendable>: Sendable {
    private let done = Mutex(false)
    private let continuation: CheckedContinuation<T?, Never>
    init(_ c: CheckedContinuation<T?, Never>) { continuation = c }
    func finish(_ value: T?) -> Bool {
        let first = done.withLock { was in defer { was = true }; return !was }
        if first { continuation.resume(returning: value) }
        return first
    }
}

/// Runs `operation` with a deadline: returns its result, or nil if it failed or the deadline passed first.
/// A late operation keeps running detached and its result is dropped — the request never waits for it.
func withDeadline<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async -> T? {
    await withCheckedContinuation { (cont: CheckedContinuation<T?, Never>) in
        let race = FirstResult(cont)
        let work = Task { _ = race.finish(try? await operation()) }
        Task {
            try? await Task.sleep(for: limit)
            if race.finish(nil) { work.cancel() }
        }
    }
}
