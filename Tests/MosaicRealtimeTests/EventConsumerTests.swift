import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

@Suite struct EventConsumerTests {
    @Test func restartMidStreamCountsEveryEventExactlyOnce() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 7)
        let records = gen.records(1_000)
        let log = try EventLog(directory: dir.path, configuration: .init(segmentBytes: 8192))
        try await log.append(Array(records.prefix(700)))

        do {
            let counters = EngagementCounters()
            let consumer = try await EventConsumer(name: "counters", log: log, projection: counters,
                                                   batchSize: 100, commitEvery: 300)
            for _ in 0..<5 { try await consumer.poll() }
            #expect(await consumer.nextOffset == 500)
            #expect(await consumer.committedOffset == 300)
            #expect(counters.eventsApplied == 500)
            // The process dies here: 200 events were applied but not committed.
        }
        try await log.append(Array(records.suffix(300)))

        let counters = EngagementCounters()
        let consumer = try await EventConsumer(name: "counters", log: log, projection: counters,
                                               batchSize: 100, commitEvery: 300)
        #expect(await consumer.nextOffset == 300)
        #expect(counters.eventsApplied == 300)
        #expect(try await consumer.catchUp() == 700)
        #expect(await consumer.lag == 0)
        #expect(counters.eventsApplied == 1_000)
        for (post, want) in expectedCounts(records) { #expect(counters.counts(post: post) == want) }

        // A third start after a clean commit applies nothing again.
        let again = EngagementCounters()
        let third = try await EventConsumer(name: "counters", log: log, projection: again)
        #expect(try await third.catchUp() == 0)
        #expect(again.eventsApplied == 1_000)
    }

    @Test func consumersAreIndependentAndALaggingOneCatchesUp() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 8)
        let log = try EventLog(directory: dir.path)
        let fast = EngagementCounters(), slow = EngagementCounters()
        let a = try await EventConsumer(name: "fast", log: log, projection: fast, batchSize: 50)
        let b = try await EventConsumer(name: "slow", log: log, projection: slow, batchSize: 50)
        var all: [Engagement] = []
        for _ in 0..<10 {
            let batch = gen.records(120)
            all += batch
            try await log.append(batch)
            try await a.catchUp()
        }
        #expect(slow.eventsApplied == 0)
        #expect(await b.lag == 1_200)
        try await b.catchUp()
        for (post, want) in expectedCounts(all) {
            #expect(fast.counts(post: post) == want)
            #expect(slow.counts(post: post) == want)
        }
    }

    @Test func runFollowsTheLogUntilCancelled() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 9)
        let log = try EventLog(directory: dir.path)
        let counters = EngagementCounters()
        let consumer = try await EventConsumer(name: "live", log: log, projection: counters)
        let task = Task { try await consumer.run() }
        let records = gen.records(250)
        try await log.append(records)
        // Wait (by yielding, not sleeping) until the consumer has seen everything.
        var spins = 0
        while counters.eventsApplied < 250, spins < 100_000 { await Task.yield(); spins += 1 }
        task.cancel()
        try await task.value
        #expect(counters.eventsApplied == 250)
        #expect(await consumer.committedOffset == 250)
    }

    @Test func corruptCheckpointIsRefused() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 10)
        let log = try EventLog(directory: dir.path)
        try await log.append(gen.records(20))
        try await EventConsumer(name: "c", log: log, projection: EngagementCounters()).catchUp()
        let path = dir.path + "/consumers/c.ckpt"
        var bytes = try SegmentFile.readWhole(path)!
        bytes[bytes.count - 1] ^= 0xff
        try SegmentFile.replaceAtomically(path, with: bytes)
        await #expect(throws: DecodingFailure.self) {
            _ = try await EventConsumer(name: "c", log: log, projection: EngagementCounters())
        }
    }

    @Test func aCheckpointPastTheEndOfTheLogIsRefused() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 12)
        do {
            let log = try EventLog(directory: dir.path)
            try await log.append(gen.records(30))
            try await EventConsumer(name: "c", log: log, projection: EngagementCounters()).catchUp()
        }
        // The log loses its tail (as a kernel-buffered log could in a power cut); the checkpoint did not.
        let f = try SegmentFile(path: dir.path + "/segments/" + String(repeating: "0", count: 20) + ".seg", create: false)
        try f.truncate(to: try f.size / 2)
        let log = try EventLog(directory: dir.path)
        await #expect(throws: EventConsumer.AheadOfLog.self) {
            _ = try await EventConsumer(name: "c", log: log, projection: EngagementCounters())
        }
    }
}
