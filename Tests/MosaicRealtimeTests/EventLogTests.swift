import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

@Suite struct EventLogTests {
    @Test func appendsAndReadsBackAcrossSegments() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 1)
        let records = gen.records(500)
        let log = try EventLog(directory: dir.path, configuration: .init(segmentBytes: 4096))
        var ranges: [Range<UInt64>] = []
        for chunk in stride(from: 0, to: records.count, by: 37) {
            ranges.append(try await log.append(Array(records[chunk..<min(chunk + 37, records.count)])))
        }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 500)
        #expect(await log.segmentCount > 5)
        let back = try await log.read(from: 0, limit: 1000)
        #expect(back.map(\.offset) == Array(0..<500))
        #expect(back.map(\.record) == records)
        let middle = try await log.read(from: 123, limit: 10)
        #expect(middle.map(\.offset) == Array(123..<133))
        #expect(middle.map(\.record) == Array(records[123..<133]))

        // Reopening finds every record and continues the offsets.
        let reopened = try EventLog(directory: dir.path, configuration: .init(segmentBytes: 4096))
        #expect(await reopened.nextOffset == 500)
        #expect(await reopened.recoveredTornBytes == 0)
        #expect(try await reopened.append(gen.records(3)) == 500..<503)
        #expect(try await reopened.read(from: 0, limit: 1000).map(\.record) == records + (try await reopened.read(from: 500, limit: 3)).map(\.record))
    }

    @Test func tornTailIsTruncatedWithoutLosingEarlierRecords() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 2)
        let records = gen.records(100)
        do {
            let log = try EventLog(directory: dir.path)
            try await log.append(records)
        }
        // Simulate a crash mid-write: the last record is cut short and garbage follows.
        let seg = dir.path + "/segments/" + String(repeating: "0", count: 20) + ".seg"
        let f = try SegmentFile(path: seg, create: false)
        let size = try f.size
        try f.truncate(to: size - 5)
        try f.write([0xde, 0xad, 0xbe, 0xef], at: size - 5)

        let log = try EventLog(directory: dir.path)
        #expect(await log.nextOffset == 99)
        #expect(await log.recoveredTornBytes > 0)
        #expect(try await log.read(from: 0, limit: 200).map(\.record) == Array(records.prefix(99)))
        // The log continues cleanly after the cut, and a second reopen finds no damage.
        #expect(try await log.append([records[99]]) == 99..<100)
        let again = try EventLog(directory: dir.path)
        #expect(await again.recoveredTornBytes == 0)
        #expect(try await again.read(from: 0, limit: 200).map(\.record) == records)
    }

    @Test func flippedBitInTheTailIsDetectedByChecksum() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 3)
        do { try await EventLog(directory: dir.path).append(gen.records(10)) }
        let seg = dir.path + "/segments/" + String(repeating: "0", count: 20) + ".seg"
        let f = try SegmentFile(path: seg, create: false)
        let last = try f.size - 3
        let byte = try f.read(count: 1, at: last)[0]
        try f.write([byte ^ 0x10], at: last)
        let log = try EventLog(directory: dir.path)
        #expect(await log.nextOffset == 9)
    }

    @Test func corruptionInASealedSegmentFailsTheOpen() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 4)
        do {
            let log = try EventLog(directory: dir.path, configuration: .init(segmentBytes: 2048))
            try await log.append(gen.records(200))
            #expect(await log.segmentCount > 2)
        }
        let seg = dir.path + "/segments/" + String(repeating: "0", count: 20) + ".seg"
        let f = try SegmentFile(path: seg, create: false)
        let byte = try f.read(count: 1, at: 100)[0]
        try f.write([byte ^ 0xff], at: 100)
        #expect(throws: LogIOError.self) { try EventLog(directory: dir.path, configuration: .init(segmentBytes: 2048)) }
    }

    @Test func retentionDropsOldSegmentsButNotUnconsumedOnes() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600 + 86_400 * 30))
        var gen = EventStream(seed: 5)   // events dated 30 days before the clock
        let log = try EventLog(directory: dir.path,
                               configuration: .init(segmentBytes: 2048, retainBytes: nil, retainAge: 7 * 86_400),
                               clock: clock)
        try await log.append(gen.records(300))
        let segments = await log.segmentCount
        #expect(segments > 3)
        // A consumer at offset 150 protects everything from its position on.
        try await log.applyRetention(keepingFrom: 150)
        let first = await log.firstOffset
        #expect(first > 0 && first <= 150)
        // Without protection every sealed segment goes; the active one always stays.
        try await log.applyRetention()
        #expect(await log.segmentCount == 1)
        #expect(await log.nextOffset == 300)
        let counters = EngagementCounters()
        let consumer = try await EventConsumer(name: "late", log: log, projection: counters)
        try await consumer.catchUp()
        let kept = 300 - (await log.firstOffset)
        #expect(await consumer.skippedByRetention == 300 - kept)
        #expect(counters.eventsApplied == kept)
    }

    @Test func sizeRetentionKeepsTheNewestSegments() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 6)
        let log = try EventLog(directory: dir.path, configuration: .init(segmentBytes: 2048, retainBytes: 8192, retainAge: nil))
        try await log.append(gen.records(400))
        #expect(await log.sizeBytes > 8192)
        try await log.applyRetention()
        #expect(await log.sizeBytes <= 8192)
        #expect(await log.nextOffset == 400)
        #expect(try await log.read(from: 399, limit: 1).count == 1)
    }

    @Test func concurrentAppendsShareSyncsAndLoseNothing() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var gen = EventStream(seed: 11)
        let records = gen.records(5)
        let log = try EventLog(directory: dir.path)
        let ranges = try await withThrowingTaskGroup(of: [Range<UInt64>].self) { group in
            for _ in 0..<16 {
                group.addTask { var out: [Range<UInt64>] = []; for _ in 0..<10 { out.append(try await log.append(records)) }; return out }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        // 160 appends of 5: disjoint ranges tiling 0..<800, each durable (readable) when its append returned.
        #expect(ranges.sorted { $0.lowerBound < $1.lowerBound }.map(\.lowerBound) == stride(from: 0, to: 800, by: 5).map { UInt64($0) })
        #expect(await log.nextOffset == 800)
        #expect(try await log.read(from: 0, limit: 1000).count == 800)
        let syncs = await log.syncCount
        #expect(syncs >= 1 && syncs <= 160)
        let reopened = try EventLog(directory: dir.path)
        #expect(await reopened.nextOffset == 800)
    }
}
