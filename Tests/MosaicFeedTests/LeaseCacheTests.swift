import Synchronization
import Testing
@testable import MosaicFeed

/// Counts store reads and can hold a load open until released, so races are staged, not hoped for.
final class GatedStore: Sendable {
    let reads = Atomic<Int>(0)
    let value = Mutex<String>("v1")
    let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
    let hold = Atomic<Bool>(false)
    let started = Atomic<Int>(0)

    func load(_ keys: [Int]) async -> [Int: String] {
        reads.add(1, ordering: .relaxed)
        let v = value.withLock { $0 }                  // the value as of when the read began
        started.add(1, ordering: .relaxed)
        if hold.load(ordering: .relaxed) {
            await withCheckedContinuation { c in gate.withLock { $0 = c } }
        } else {
            try? await Task.sleep(for: .milliseconds(20))   // a slow store: callers pile up behind the lease
        }
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, v) })
    }

    func release() async {
        while true {
            if let c = gate.withLock({ g -> CheckedContinuation<Void, Never>? in let c = g; g = nil; return c }) { c.resume(); return }
            await Task.yield()
        }
    }
}

@Suite struct LeaseCacheTests {
    @Test func thousandConcurrentColdReadsCostOneStoreRead() async throws {
        let cache = LeaseCache<Int, String>()
        let store = GatedStore()
        let results = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await cache.values(for: [42]) { await store.load($0) }[42] }
            }
            var all: [String?] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 1_000 && results.allSatisfy { $0 == "v1" })
        #expect(store.reads.load(ordering: .relaxed) == 1)
    }

    @Test func invalidationRevokesALateLoader() async throws {
        let cache = LeaseCache<Int, String>()
        let store = GatedStore()
        store.hold.store(true, ordering: .relaxed)
        let early = Task { try await cache.values(for: [7]) { await store.load($0) }[7] }
        while store.started.load(ordering: .relaxed) == 0 { await Task.yield() }
        // A write lands while the slow read (which saw v1) is still out: the store now says v2.
        store.value.withLock { $0 = "v2" }
        cache.invalidate(7)
        store.hold.store(false, ordering: .relaxed)
        await store.release()
        #expect(try await early.value == "v1", "the racing reader gets what it read")
        #expect(cache.peek(7) == nil, "but its pre-write value was not cached")
        #expect(try await cache.values(for: [7]) { await store.load($0) }[7] == "v2")
        #expect(store.reads.load(ordering: .relaxed) == 2)
        #expect(cache.peek(7) == "v2")
    }

    @Test func staleReadersAndHardRemoval() async throws {
        let cache = LeaseCache<Int, String>()
        let store = GatedStore()
        _ = try await cache.values(for: [1, 2]) { await store.load($0) }
        #expect(store.reads.load(ordering: .relaxed) == 1, "one batch load for both keys")
        store.value.withLock { $0 = "v2" }
        cache.invalidate(1)
        cache.remove(2)
        #expect(cache.peek(1) == nil && cache.peek(2) == nil)
        let again = try await cache.values(for: [1, 2]) { await store.load($0) }
        #expect(again == [1: "v2", 2: "v2"])
        // A key the store does not have is absent, and not cached.
        let none = try await cache.values(for: [3]) { _ in [:] }
        #expect(none.isEmpty && cache.peek(3) == nil)
    }
}
