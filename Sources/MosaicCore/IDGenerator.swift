import Synchronization

/// Mints `MosaicID`s that never repeat within a process: not under concurrency, not when 1,024 IDs are asked
/// for in one millisecond (it waits for the next millisecond), and not when the wall clock steps back (it keeps
/// its own monotonic notion of "now", the largest millisecond it has used, and never goes below it).
///
/// One generator serves every shard; each shard has its own sequence so shards don't share the 1,024/ms budget.
/// Across processes, uniqueness needs distinct shards per process (the same contract as Instagram's per-shard
/// sequences in PostgreSQL).
public final class IDGenerator: Sendable {
    private struct ShardState { var lastMillis: UInt64 = 0; var sequence: UInt64 = 0 }
    private let state = Mutex<[Int: ShardState]>([:])
    private let clock: @Sendable () -> UInt64

    /// - Parameter unixMillis: the wall clock in Unix milliseconds; injectable so tests can step it back.
    public init(unixMillis: @escaping @Sendable () -> UInt64 = IDGenerator.systemUnixMillis) {
        self.clock = unixMillis
    }

    public static let systemUnixMillis: @Sendable () -> UInt64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }

    /// The next ID for `shard` (0..<8192).
    public func next(shard: Int) -> MosaicID {
        precondition(shard >= 0 && shard < MosaicID.shardCount, "shard out of range")
        while true {
            let wall = clockMillisSinceEpoch()
            let minted: MosaicID? = state.withLock { states in
                var s = states[shard] ?? ShardState()
                if wall > s.lastMillis {
                    s.lastMillis = wall
                    s.sequence = 0
                } else if s.sequence < MosaicID.maxSequence {
                    // Same millisecond, or the clock stepped back: stay on our own clock, bump the sequence.
                    s.sequence += 1
                } else if wall < s.lastMillis {
                    // The clock is behind our own: move our clock on by one millisecond rather than wait for
                    // the wall clock to catch up (which could take as long as the step back).
                    s.lastMillis += 1
                    s.sequence = 0
                } else {
                    return nil // 1,024 IDs used in this millisecond: wait for the clock to move on.
                }
                states[shard] = s
                return MosaicID(millisSinceEpoch: s.lastMillis, shard: shard, sequence: s.sequence)
            }
            if let minted { return minted }
            waitForNextMillisecond(after: lastMillis(shard: shard))
        }
    }

    private func lastMillis(shard: Int) -> UInt64 { state.withLock { $0[shard]?.lastMillis ?? 0 } }

    private func clockMillisSinceEpoch() -> UInt64 {
        let now = clock()
        return now > MosaicID.epochMillis ? now - MosaicID.epochMillis : 0
    }

    private func waitForNextMillisecond(after last: UInt64) {
        var spins = 0
        while clockMillisSinceEpoch() <= last {
            spins += 1
            if spins > 64 { usleep(100) }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
