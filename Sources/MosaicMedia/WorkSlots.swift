import Synchronization

/// Admission control for image jobs: `slots` run at once, up to `queueLimit` wait in FIFO order, and any
/// more are refused at once, so a burst of uploads produces quick 503s instead of unbounded memory.
final class WorkSlots: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    let slots: Int
    let queueLimit: Int

    init(slots: Int, queueLimit: Int) {
        self.slots = max(1, slots)
        self.queueLimit = max(0, queueLimit)
    }

    /// Returns false when both the slots and the queue are full.
    func acquire() async -> Bool {
        enum Admission { case run, wait, refuse }
        let immediate: Admission = state.withLock { s in
            if s.running < slots { s.running += 1; return .run }
            return s.waiting.count < queueLimit ? .wait : .refuse
        }
        switch immediate {
        case .run: return true
        case .refuse: return false
        case .wait:
            await withCheckedContinuation { continuation in
                let runNow: Bool = state.withLock { s in
                    // A slot may have freed between the check and now.
                    if s.running < slots { s.running += 1; return true }
                    s.waiting.append(continuation)
                    return false
                }
                if runNow { continuation.resume() }
            }
            return true
        }
    }

    /// Hands the slot to the oldest waiter, or frees it.
    func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { s in
            if s.waiting.isEmpty { s.running -= 1; return nil }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }

    var snapshot: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting.count) }
    }
}
