import Testing
import Synchronization
@testable import MosaicCore

@Suite struct IDGeneratorTests {
    @Test func layoutRoundTrips() {
        let id = MosaicID(millisSinceEpoch: 123_456_789, shard: 8191, sequence: 1023)
        #expect(id.millisSinceEpoch == 123_456_789)
        #expect(id.shard == 8191)
        #expect(id.sequence == 1023)
        #expect(MosaicID(id.description) == id)
        #expect(MosaicID(int64: id.int64) == id)
    }

    @Test func rejectsNonDecimalStrings() {
        for bad in ["", "abc", "-1", "0", "1.5", " 12", "99999999999999999999999", "１２"] {
            #expect(MosaicID(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func uniqueUnderConcurrency() async {
        let gen = IDGenerator()
        let ids = await withTaskGroup(of: [MosaicID].self) { group in
            for t in 0..<8 {
                group.addTask { (0..<5_000).map { _ in gen.next(shard: t % 2) } }
            }
            var all: [MosaicID] = []
            for await chunk in group { all += chunk }
            return all
        }
        #expect(ids.count == 40_000)
        #expect(Set(ids).count == 40_000)
    }

    @Test func idsFromOneTaskAreStrictlyIncreasing() {
        let gen = IDGenerator()
        var last = MosaicID(rawValue: 0)
        for _ in 0..<10_000 {
            let id = gen.next(shard: 7)
            #expect(id > last)
            #expect(id.shard == 7)
            last = id
        }
    }

    @Test func waitsWhenTheSequenceIsExhausted() {
        // A clock that only moves forward after it has been read many times: the 1,025th ID in one
        // millisecond must come from the next millisecond, not wrap the sequence.
        let reads = Atomic<Int>(0)
        let base = MosaicID.epochMillis + 1_000_000
        let gen = IDGenerator(unixMillis: {
            let n = reads.add(1, ordering: .relaxed).newValue
            return n < 2_000 ? base : base + 1
        })
        var ids: [MosaicID] = []
        for _ in 0..<1_100 { ids.append(gen.next(shard: 1)) }
        #expect(Set(ids).count == 1_100)
        #expect(ids[1023].millisSinceEpoch == 1_000_000)
        #expect(ids[1023].sequence == 1023)
        #expect(ids[1024].millisSinceEpoch == 1_000_001)
        #expect(ids == ids.sorted())
    }

    @Test func clockSteppingBackNeverRepeats() {
        let now = Atomic<UInt64>(MosaicID.epochMillis + 5_000_000)
        let gen = IDGenerator(unixMillis: { now.load(ordering: .relaxed) })
        var ids: [MosaicID] = []
        for _ in 0..<500 { ids.append(gen.next(shard: 3)) }
        now.store(MosaicID.epochMillis + 4_000_000, ordering: .relaxed) // an NTP step of 1,000 s back
        for _ in 0..<3_000 { ids.append(gen.next(shard: 3)) }           // more than one millisecond's worth
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted(), "IDs stay time-ordered while the wall clock is behind")
    }

    @Test func jsonCarriesDecimalStrings() throws {
        let id = MosaicID(millisSinceEpoch: 42, shard: 5, sequence: 6)
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(id.rawValue)\"]")
        #expect(try JSONDecoder().decode([MosaicID].self, from: data) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MosaicID].self, from: Data("[12]".utf8)) }
    }
}

import Foundation
