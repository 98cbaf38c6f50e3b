import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

/// Throughput and latency of the real-time primitives. Not run by default (timings never gate tests); run with
/// `MOSAIC_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter RealtimeBenchmarks`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["MOSAIC_BENCH"] != nil))
struct RealtimeBenchmarks {
    private func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let t0 = ContinuousClock.now
        try await body()
        let d = ContinuousClock.now - t0
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * p))]
    }

    private func report(_ line: String) { print("BENCH " + line) }

    @Test func eventLog() async throws {
        var gen = EventStream(seed: 1)
        let records = gen.records(200_000)
        for (label, durability, batch) in [("fsync/append, batch 100", LogDurability.fsync, 100),
                                           ("fsync/append, batch 1", .fsync, 1),
                                           ("kernel-buffered, batch 1000", .kernelBuffered, 1000)] {
            let dir = TempDirectory(); defer { dir.cleanup() }
            let log = try EventLog(directory: dir.path, configuration: .init(durability: durability))
            let n = batch == 1 ? 2_000 : records.count
            var latencies: [Double] = []
            let total = try await seconds {
                var i = 0
                while i < n {
                    let chunk = Array(records[i..<min(i + batch, n)])
                    let t0 = ContinuousClock.now
                    try await log.append(chunk)
                    let d = ContinuousClock.now - t0
                    latencies.append(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3)
                    i += batch
                }
            }
            report(String(format: "event log append (%@): %.0f events/s, append p50 %.3f ms, p99 %.3f ms",
                          label, Double(n) / total, percentile(latencies, 0.5), percentile(latencies, 0.99)))
            if batch == 1000 {
                let readTime = try await seconds {
                    var at: UInt64 = 0
                    while true {
                        let b = try await log.read(from: at, limit: 4096)
                        guard let last = b.last else { break }
                        at = last.offset + 1
                    }
                }
                report(String(format: "event log sequential read: %.0f events/s", Double(n) / readTime))
                let counters = EngagementCounters(), trends = TrendDetector(clock: ManualClock())
                let c1 = try await EventConsumer(name: "counters", log: log, projection: counters, commitEvery: 50_000)
                let c2 = try await EventConsumer(name: "trends", log: log, projection: trends, commitEvery: 50_000)
                let t1 = try await seconds { try await c1.catchUp() }
                let t2 = try await seconds { try await c2.catchUp() }
                report(String(format: "consumer catch-up incl. checkpoints: counters %.0f events/s, trends %.0f events/s",
                              Double(n) / t1, Double(n) / t2))
                let size = await log.sizeBytes
                let openTime = try await seconds { _ = try EventLog(directory: dir.path) }
                report(String(format: "event log open/recovery scan: %.1f ms for %d events (%.1f MB)",
                              openTime * 1000, n, Double(size) / 1e6))
            }
        }
    }

    /// Many request handlers appending one small batch each at the same time: group commit shares syncs.
    @Test func eventLogConcurrentAppends() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 2)
        let records = gen.records(20)
        let log = try EventLog(directory: dir.path)
        let tasks = 32, perTask = 100
        let total = try await seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask { for _ in 0..<perTask { try await log.append(records) } }
                }
                try await group.waitForAll()
            }
        }
        let appends = tasks * perTask
        let syncs = await log.syncCount
        report(String(format: "event log, %d concurrent appenders × %d appends of 20 events (fsync): %.0f appends/s, %.0f events/s, %d syncs (%.1f appends per sync)",
                      tasks, perTask, Double(appends) / total, Double(appends * 20) / total, syncs, Double(appends) / Double(max(1, syncs))))
    }

    @Test func sketchAndTrends() async throws {
        let n = 5_000_000
        var x: UInt64 = 7
        var sketch = CountMinSketch(width: 2048, depth: 4)
        let t = await seconds {
            // A local sketch: a captured `var` would be boxed and exclusivity-checked on every add.
            var local = CountMinSketch(width: 2048, depth: 4)
            var y: UInt64 = 7
            for _ in 0..<n {
                y = y &* 6_364_136_223_846_793_005 &+ 1
                local.add((y >> 40) % 100_000)
            }
            sketch = local
        }
        report(String(format: "count-min add (2048×4, conservative): %.1f ns/add", t / Double(n) * 1e9))
        var other = sketch
        let reps = 10_000
        let tm = await seconds { for _ in 0..<reps { other.merge(sketch) } }
        report(String(format: "count-min merge (8,192 counters, SIMD8): %.2f µs", tm / Double(reps) * 1e6))

        // One hour of traffic: 1 M engagements over 50 k posts of 5 k creators, Zipf-ish.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        let detector = TrendDetector(clock: clock)
        let start = clock.now()
        var events: [Engagement] = []
        events.reserveCapacity(1_000_000)
        for i in 0..<1_000_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1
            let u = Double(x >> 11) / Double(1 << 53)
            let post = Int(pow(50_000, u))   // log-uniform: heavy head
            events.append(Engagement(userID: uid(i % 100_000), postID: postID(at: start, post), authorID: uid(post % 5_000),
                                     kind: .like, category: "food", at: start.addingTimeInterval(Double(i) * 0.0036)))
        }
        let td = await seconds {
            for e in events { detector.observe(e) }
        }
        report(String(format: "trend detector observe: %.0f events/s (%d candidates tracked)",
                      Double(events.count) / td, detector.candidateCount))
        let reads = 10_000
        let tr = await seconds { for _ in 0..<reads { _ = detector.trending(now: clock.now()) } }
        report(String(format: "trending(now:) read: %.1f µs", tr / Double(reads) * 1e6))
    }

    @Test func pushHub() async throws {
        for (label, durability) in [("fsync", LogDurability.fsync), ("kernel-buffered", .kernelBuffered)] {
            let dir = TempDirectory(); defer { dir.cleanup() }
            var config = PushHub.Configuration()
            config.durability = durability
            config.bufferPerConnection = 1 << 20
            let hub = try PushHub(directory: dir.path, configuration: config)
            let subs = [await hub.connect(user: uid(1)), await hub.connect(user: uid(1)), await hub.connect(user: uid(2))]
            let payload = Array(#"{"thread_id":"1","text":"hello there, this is a direct message"}"#.utf8)
            let n = durability == .fsync ? 2_000 : 50_000
            var latencies: [Double] = []
            let total = try await seconds {
                for _ in 0..<n {
                    let t0 = ContinuousClock.now
                    try await hub.publish(.message, payload: payload, to: [uid(1), uid(2)])
                    let d = ContinuousClock.now - t0
                    latencies.append(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3)
                }
            }
            report(String(format: "push publish (%@, 2 recipients, 3 connections): %.0f publishes/s, p50 %.3f ms, p99 %.3f ms",
                          label, Double(n) / total, percentile(latencies, 0.5), percentile(latencies, 0.99)))
            _ = subs
            let reopen = try await seconds { _ = try PushHub(directory: dir.path, configuration: config) }
            report(String(format: "push hub reopen (replay rebuild) for %d events: %.1f ms", 2 * n, reopen * 1000))
        }
    }
}
