#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread read-write lock. The index holds it shared for searches and inserts (they coordinate through
/// per-node locks and atomics) and exclusively only for what moves memory: growing the node arrays, saving,
/// compacting. Heap-allocated so its address never changes.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        precondition(pthread_rwlock_init(lock, nil) == 0)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    @inline(__always)
    func withReadLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    @inline(__always)
    func withWriteLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

/// A fixed array of mutexes; node `slot` uses stripe `slot % count`. A writer holds at most one stripe at a
/// time, so two nodes sharing a stripe can never deadlock, and memory stays constant instead of one mutex per
/// node (hnswlib keeps one per possible element).
final class StripedLocks: @unchecked Sendable {
    private let locks: UnsafeMutablePointer<pthread_mutex_t>
    private let mask: Int

    init(stripes: Int = 4096) {
        precondition(stripes > 0 && stripes & (stripes - 1) == 0, "stripes must be a power of two")
        locks = .allocate(capacity: stripes)
        for i in 0..<stripes {
            (locks + i).initialize(to: pthread_mutex_t())
            pthread_mutex_init(locks + i, nil)
        }
        mask = stripes - 1
    }

    deinit {
        for i in 0...mask { pthread_mutex_destroy(locks + i) }
        locks.deallocate()
    }

    @inline(__always)
    func withLock<R>(_ slot: UInt32, _ body: () throws -> R) rethrows -> R {
        let l = locks + (Int(slot) & mask)
        pthread_mutex_lock(l)
        defer { pthread_mutex_unlock(l) }
        return try body()
    }
}

/// State behind a pthread mutex. Used instead of `Synchronization.Mutex` because that one waits on futexes
/// the thread sanitizer cannot see (it reported false races through it); pthread mutexes are intercepted.
final class Locked<State>: @unchecked Sendable {
    private let lock = StripedLocks(stripes: 1)
    private var state: State

    init(_ state: State) { self.state = state }

    @inline(__always)
    func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        try lock.withLock(0) { try body(&state) }
    }
}
