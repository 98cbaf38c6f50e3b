#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs `body(i)` for `i` in `0..<count` on `threads` threads that pull indices from a shared counter (so
/// slow items do not leave a thread idle). `threads == 1` runs in order on the caller's thread.
///
/// Why own pthreads rather than `DispatchQueue.concurrentPerform`: on Linux, Dispatch sized its pool to one
/// worker here and the "parallel" build ran on one core. The caller's thread does share of the work.
/// Blocking: call it from a thread you own, not from inside a Swift concurrency task that must stay responsive.
public enum ParallelRange {
    public static func run(count: Int, threads: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(threads, count)
        if workers <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = ParallelJob(count: count, body: body)
            var spawned: [pthread_t] = []
            for _ in 1..<workers {
                let context = Unmanaged.passRetained(job).toOpaque()
                #if canImport(Darwin)
                var thread: pthread_t?
                #else
                var thread = pthread_t()
                #endif
                let rc = pthread_create(&thread, nil, { raw in
                    #if canImport(Darwin)
                    let job = Unmanaged<ParallelJob>.fromOpaque(raw).takeRetainedValue()
                    #else
                    let job = Unmanaged<ParallelJob>.fromOpaque(raw!).takeRetainedValue()
                    #endif
                    job.work()
                    return nil
                }, context)
                if rc == 0 {
                    #if canImport(Darwin)
                    spawned.append(thread!)
                    #else
                    spawned.append(thread)
                    #endif
                } else {
                    Unmanaged<ParallelJob>.fromOpaque(context).release()
                }
            }
            job.work()
            for t in spawned { pthread_join(t, nil) }
        }
    }
}

/// The shared state of one `ParallelRange.run`: the index counter and the body, which the caller guarantees
/// is safe to run concurrently (each index is handed to exactly one thread).
private final class ParallelJob: @unchecked Sendable {
    let next = Atomic<Int>(0)
    let count: Int
    let body: (Int) -> Void

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func work() {
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            if i >= count { return }
            body(i)
        }
    }
}

/// Carries a value the caller guarantees is used safely across threads (documented at each use).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A read-only pointer shared across threads for the duration of a blocking parallel loop.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}
