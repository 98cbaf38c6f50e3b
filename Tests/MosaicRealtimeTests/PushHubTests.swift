import Foundation
import MosaicCore
import Testing
@testable import MosaicRealtime

@Suite struct PushHubTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    private func json(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Drains what a subscription has buffered, without waiting: stops at the first frame not yet there.
    private func take(_ n: Int, _ sub: PushSubscription) async -> [PushFrame] {
        var it = sub.frames.makeAsyncIterator()
        var out: [PushFrame] = []
        while out.count < n, let f = await it.next() { out.append(f) }
        return out
    }

    private func ids(_ frames: [PushFrame]) -> [UInt64] {
        frames.compactMap { if case .event(let e) = $0 { e.id } else { nil } }
    }

    @Test func fansOutToEveryConnectionOfTheRecipientOnly() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        let phone = await hub.connect(user: uid(1)), laptop = await hub.connect(user: uid(1))
        let other = await hub.connect(user: uid(2))
        #expect(await hub.connectionCount(for: uid(1)) == 2)
        let a = try await hub.publish(.message, payload: json(#"{"text":"hi"}"#), to: [uid(1)])
        let b = try await hub.publish(.notification, payload: json(#"{"n":1}"#), to: [uid(1), uid(2), uid(1)])
        #expect(a[uid(1)] == 1 && b[uid(1)] == 2 && b[uid(2)] == 3)
        #expect(ids(await take(2, phone)) == [1, 2])
        #expect(ids(await take(2, laptop)) == [1, 2])
        let otherFrames = await take(1, other)
        #expect(ids(otherFrames) == [3])
        if case .event(let e) = otherFrames.first {
            #expect(String(decoding: e.jsonFrame(), as: UTF8.self) == #"{"id":"3","type":"notification","data":{"n":1}}"#)
        }
    }

    @Test func reconnectingWithTheLastIDReplaysExactlyWhatWasMissed() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        let first = await hub.connect(user: uid(1))
        for i in 0..<3 { try await hub.publish(.message, payload: json("{\"n\":\(i)}"), to: [uid(1), uid(2)]) }
        let seen = ids(await take(3, first))
        #expect(seen == [1, 3, 5])
        await hub.disconnect(first.connectionID)
        #expect(await hub.connectionCount == 0)
        for i in 3..<6 { try await hub.publish(.message, payload: json("{\"n\":\(i)}"), to: [uid(1)]) }
        let again = await hub.connect(user: uid(1), lastEventID: seen.last)
        #expect(again.missed.map(\.id) == [7, 8, 9])
        #expect(again.missed.map { String(decoding: $0.payload, as: UTF8.self) } == [#"{"n":3}"#, #"{"n":4}"#, #"{"n":5}"#])
        #expect(!again.gap)
        // Live events continue after the replay with no overlap.
        try await hub.publish(.message, payload: json("{}"), to: [uid(1)])
        #expect(ids(await take(1, again)) == [10])
        #expect(await hub.connect(user: uid(1)).missed.isEmpty)   // no last ID: live only
    }

    @Test func replaySurvivesARestartAndIDsKeepGrowing() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var received: [UInt64] = []
        do {
            let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
            let sub = await hub.connect(user: uid(1))
            for i in 0..<4 { try await hub.publish(.message, payload: json("{\"n\":\(i)}"), to: [uid(1)]) }
            received += ids(await take(2, sub))   // the client saw two before the server went down
            await hub.publishEphemeral(payload: json("{}"), to: [uid(1)])   // typing: not part of the replay
        }
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        #expect(await hub.lastEventID == 4)
        let sub = await hub.connect(user: uid(1), lastEventID: received.last)
        received += sub.missed.compactMap(\.id)
        try await hub.publish(.message, payload: json("{}"), to: [uid(1)])
        received += ids(await take(1, sub))
        #expect(received == [1, 2, 3, 4, 5])   // every message exactly once, in order
    }

    @Test func typingIsDeliveredLiveButNeverStoredOrReplayed() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        #expect(await hub.publishEphemeral(payload: json(#"{"thread_id":"9"}"#), to: [uid(1)]) == 0)
        let sub = await hub.connect(user: uid(1), lastEventID: 0)
        #expect(sub.missed.isEmpty)
        #expect(await hub.publishEphemeral(payload: json(#"{"thread_id":"9"}"#), to: [uid(1)]) == 1)
        let frames = await take(1, sub)
        guard case .event(let e) = frames.first else { Issue.record("no typing frame"); return }
        #expect(e.id == nil && e.kind == .typing)
        #expect(String(decoding: e.jsonFrame(), as: UTF8.self) == #"{"type":"typing","data":{"thread_id":"9"}}"#)
        #expect(await hub.lastEventID == 0)
        #expect(await hub.events(for: uid(1), after: 0).isEmpty)
    }

    @Test func aSlowConsumerIsCutOffAtItsBoundAndResumesWithoutLoss() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var config = PushHub.Configuration()
        config.bufferPerConnection = 4
        let hub = try PushHub(directory: dir.path, configuration: config, clock: ManualClock(start))
        let slow = await hub.connect(user: uid(1)), fast = await hub.connect(user: uid(1))
        var fastIt = fast.frames.makeAsyncIterator()
        var fastSeen: [UInt64] = []
        for i in 0..<10 {
            try await hub.publish(.message, payload: json("{\"n\":\(i)}"), to: [uid(1)])
            if case .event(let e) = await fastIt.next() { fastSeen.append(e.id!) }
        }
        #expect(fastSeen == Array(1...10))
        #expect(await hub.connectionCount(for: uid(1)) == 1)
        #expect(await hub.closeReason(slow.connectionID) == .overflow)
        // The slow client gets what fitted in its buffer, then the stream ends.
        let got = ids(await take(100, slow))
        #expect(got == [1, 2, 3, 4])
        let resumed = await hub.connect(user: uid(1), lastEventID: got.last)
        #expect(resumed.missed.compactMap(\.id) == Array(5...10))
    }

    @Test func heartbeatsOnQuietConnectionsAndIdleOnesAreClosed() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let clock = ManualClock(start)
        let hub = try PushHub(directory: dir.path, clock: clock)
        let live = await hub.connect(user: uid(1)), dead = await hub.connect(user: uid(2))
        clock.advance(by: 10)
        #expect(await hub.heartbeat() == (0, 0))
        clock.advance(by: 20)
        #expect(await hub.heartbeat() == (2, 0))
        #expect(await take(1, live) == [.heartbeat(clock.now())])
        await hub.touch(live.connectionID)
        clock.advance(by: 50)
        let r = await hub.heartbeat()
        #expect(r.closed == 1)
        #expect(await hub.closeReason(dead.connectionID) == .heartbeatTimeout)
        #expect(await hub.connectionCount == 1)
    }

    @Test func aClientOlderThanTheReplayWindowIsToldAboutTheGap() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        var config = PushHub.Configuration()
        config.replayPerUser = 3
        let hub = try PushHub(directory: dir.path, configuration: config, clock: ManualClock(start))
        for _ in 0..<10 { try await hub.publish(.notification, payload: json("{}"), to: [uid(1)]) }
        let old = await hub.connect(user: uid(1), lastEventID: 1)
        #expect(old.gap)
        #expect(old.missed.last?.id == 10 && old.missed.count >= 3)
        let recent = await hub.connect(user: uid(1), lastEventID: 9)
        #expect(!recent.gap && recent.missed.map(\.id) == [10])
    }

    @Test func aTornPushLogTailIsDroppedOnReopen() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        do {
            let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
            for _ in 0..<5 { try await hub.publish(.message, payload: json("{}"), to: [uid(1)]) }
        }
        let f = try SegmentFile(path: dir.path + "/" + String(repeating: "0", count: 20) + ".seg", create: false)
        try f.truncate(to: try f.size - 3)
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        #expect(await hub.lastEventID == 4)
        #expect(await hub.connect(user: uid(1), lastEventID: 0).missed.compactMap(\.id) == [1, 2, 3, 4])
        #expect(try await hub.publish(.message, payload: json("{}"), to: [uid(1)])[uid(1)] == 5)
    }

    @Test func concurrentPublishersDeliverInIDOrder() async throws {
        let dir = TempDirectory(); defer { dir.cleanup() }
        let hub = try PushHub(directory: dir.path, clock: ManualClock(start))
        let sub = await hub.connect(user: uid(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { try await hub.publish(.message, payload: Array("{\"n\":\(i)}".utf8), to: [uid(1), uid(2)]) }
            }
            try await group.waitForAll()
        }
        let got = ids(await take(20, sub))
        #expect(got.count == 20)
        #expect(got == got.sorted())
        #expect(Set(got).count == 20)
        #expect(await hub.connect(user: uid(1), lastEventID: 0).missed.compactMap(\.id) == got)
    }
}
