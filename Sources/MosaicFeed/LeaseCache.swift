import Synchronization

/// A read-through cache guarded by leases, as memcache's leases are (Nishtala et al., "Scaling Memcache at
/// Facebook"): on a miss, exactly one caller per key gets the lease and goes to the store; everyone else
/// who misses meanwhile waits for that load, or takes the stale value if there is one and they accept it.
///
/// Invalidation wins over late loaders: `invalidate` revokes the outstanding lease, so a load that
/// started before a write and finishes after it cannot put the pre-write value back. Its waiters are told
/// to retry and the next reader takes a fresh lease.
public final class LeaseCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The outcome a waiter is resumed with: the value, nothing (the store has no such key), or "retry".
    enum Outcome: Sendable { case value(Value), missing, retry }

    enum Slot {
        case fresh(Value)
        /// A load is under way with lease `lease` (0 once revoked); `stale` is what was there before.
        case loading(lease: UInt64, stale: Value?, waiters: [CheckedContinuation<Outcome, Never>])
        case stale(Value)
    }

    struct State {
        var slots: [Key: Slot] = [:]
        var nextLease: UInt64 = 1
        var freshCount = 0
    }

    private let state = Mutex(State())
    /// Upper bound on fresh entries; beyond it an arbitrary half is dropped (a cache may forget anything).
    public let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Values for `keys` (keys the store does not have are absent). Misses are loaded by one call of
    /// `load` with exactly the keys this caller holds leases for.
    public func values(for keys: [Key], allowStale: Bool = false,
                       load: @Sendable ([Key]) async throws -> [Key: Value]) async throws -> [Key: Value] {
        var result: [Key: Value] = [:]
        var pending = Array(Set(keys))         // a key twice would wait on its own lease
        while !pending.isEmpty {
            var mine: [(Key, UInt64)] = []
            var waits: [(Key, Value?)] = []           // keys another caller is loading
            state.withLock { s in
                for key in pending where result[key] == nil {
                    switch s.slots[key] {
                    case .fresh(let v)?: result[key] = v
                    case .loading(let lease, let stale, let waiters)?:
                        if allowStale, let stale { result[key] = stale }
                        else if lease == 0 {
                            // The running load was revoked by a write: take over with a new lease.
                            let fresh = s.nextLease; s.nextLease += 1
                            s.slots[key] = .loading(lease: fresh, stale: stale, waiters: waiters)
                            mine.append((key, fresh))
                        } else { waits.append((key, stale)) }
                    case .stale(let v)?:
                        let lease = s.nextLease; s.nextLease += 1
                        s.slots[key] = .loading(lease: lease, stale: v, waiters: [])
                        mine.append((key, lease))
                    case nil:
                        let lease = s.nextLease; s.nextLease += 1
                        s.slots[key] = .loading(lease: lease, stale: nil, waiters: [])
                        mine.append((key, lease))
                    }
                }
            }
            var retry: [Key] = []
            if !mine.isEmpty {
                let loaded: [Key: Value]
                do { loaded = try await load(mine.map(\.0)) } catch {
                    fill(mine, with: [:], failed: true)
                    throw error
                }
                for (k, _) in mine { if let v = loaded[k] { result[k] = v } }
                fill(mine, with: loaded, failed: false)
            }
            for (key, _) in waits {
                let outcome = await withCheckedContinuation { (c: CheckedContinuation<Outcome, Never>) in
                    let now: Outcome? = state.withLock { s in
                        switch s.slots[key] {
                        case .loading(let lease, let stale, var waiters)?:
                            waiters.append(c)
                            s.slots[key] = .loading(lease: lease, stale: stale, waiters: waiters)
                            return nil
                        case .fresh(let v)?: return .value(v)
                        default: return .retry
                        }
                    }
                    if let now { c.resume(returning: now) }
                }
                switch outcome {
                case .value(let v): result[key] = v
                case .missing: break
                case .retry: retry.append(key)
                }
            }
            pending = retry
        }
        return result
    }

    /// Stores what a lease holder loaded, unless its lease was revoked, and wakes the waiters. A revoked
    /// load caches nothing; if nobody has taken a new lease since, its waiters are told to retry.
    private func fill(_ leases: [(Key, UInt64)], with loaded: [Key: Value], failed: Bool) {
        var wake: [(CheckedContinuation<Outcome, Never>, Outcome)] = []
        state.withLock { s in
            for (key, lease) in leases {
                guard case .loading(let current, let stale, let waiters)? = s.slots[key] else { continue }
                if current == lease && !failed {
                    if let v = loaded[key] {
                        s.slots[key] = .fresh(v)
                        s.freshCount += 1
                        for w in waiters { wake.append((w, .value(v))) }
                    } else {
                        s.slots[key] = nil
                        for w in waiters { wake.append((w, .missing)) }
                    }
                } else if current == lease || current == 0 {
                    s.slots[key] = stale.map(Slot.stale)
                    for w in waiters { wake.append((w, .retry)) }
                }
                // Otherwise a newer lease holder owns the key and its waiters.
            }
            if s.freshCount > capacity { evictHalf(&s) }
        }
        for (c, o) in wake { c.resume(returning: o) }
    }

    private func evictHalf(_ s: inout State) {
        var dropped = 0
        for (k, slot) in s.slots where dropped < s.freshCount / 2 {
            if case .fresh = slot { s.slots[k] = nil; dropped += 1 }
        }
        s.freshCount -= dropped
    }

    /// After a write that changes the value (a like, a new comment): the cached value becomes stale and any
    /// load under way may not store its result. Readers who accept stale values keep getting it until the
    /// next load completes.
    public func invalidate(_ key: Key) {
        state.withLock { s in
            switch s.slots[key] {
            case .fresh(let v)?: s.slots[key] = .stale(v); s.freshCount -= 1
            case .loading(_, let stale, let waiters)?: s.slots[key] = .loading(lease: 0, stale: stale, waiters: waiters)
            case .stale?, nil: break
            }
        }
    }

    /// After a write that must never be served stale (a delete, a privacy change): forget the key entirely
    /// and revoke any lease.
    public func remove(_ key: Key) {
        state.withLock { s in
            switch s.slots[key] {
            case .fresh?: s.slots[key] = nil; s.freshCount -= 1
            case .loading(_, _, let waiters)?: s.slots[key] = .loading(lease: 0, stale: nil, waiters: waiters)
            case .stale?: s.slots[key] = nil
            case nil: break
            }
        }
    }

    /// The value if cached and fresh (no load).
    public func peek(_ key: Key) -> Value? {
        state.withLock { s in if case .fresh(let v)? = s.slots[key] { return v } else { return nil } }
    }
}
