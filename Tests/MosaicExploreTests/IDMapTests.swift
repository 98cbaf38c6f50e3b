import Foundation
import Testing
import MosaicCore
import MosaicVectors
@testable import MosaicExplore

/// `IDMap` (the catalogue's table) against a `Dictionary` doing the same inserts, overwrites, lookups and eviction.
@Suite struct IDMapTests {
    static func facts(_ i: UInt64, reports: Int32 = 0) -> PolicyFacts {
        var f = PolicyFacts()
        f.authorID = UserID(rawValue: i % 97 + 1); f.createdAt = Date(timeIntervalSince1970: Double(i))
        f.reports = reports; f.deleted = i % 5 == 0; f.authorPrivate = i % 7 == 0
        return f
    }

    @Test func behavesLikeADictionary() {
        var rng = SplitMix64(seed: 3)
        var table = IDMap<PolicyFacts>(filler: PolicyFacts())
        var reference: [UInt64: PolicyFacts] = [:]
        // Clustered IDs (time-sortable IDs share their high bits) and random ones, with overwrites.
        let ids = (0..<5_000).map { i -> UInt64 in i % 2 == 0 ? (1 << 40) + UInt64(i) * 1024 : rng.next() >> 1 | 1 }
        for (n, id) in ids.enumerated() {
            let f = Self.facts(UInt64(n), reports: Int32(n % 4))
            table.set(PostID(rawValue: id), f)
            reference[id] = f
            if n % 3 == 0 {  // overwrite an earlier one
                let again = ids[n / 2], g = Self.facts(UInt64(n) + 1, reports: 9)
                table.set(PostID(rawValue: again), g)
                reference[again] = g
            }
        }
        #expect(table.count == reference.count)
        for (id, f) in reference {
            let got = table[PostID(rawValue: id)]
            #expect(got?.createdAt == f.createdAt && got?.reports == f.reports && got?.deleted == f.deleted
                    && got?.authorPrivate == f.authorPrivate && got?.authorID == f.authorID)
        }
        for _ in 0..<1_000 {
            let missing = rng.next() >> 1 | 1
            if reference[missing] == nil { #expect(table[PostID(rawValue: missing)] == nil) }
        }
        #expect(table[PostID(rawValue: 0)] == nil)

        let cutoff = Date(timeIntervalSince1970: 2_500)
        let kept = table.filter { $0.createdAt >= cutoff }
        let keptReference = reference.filter { $0.value.createdAt >= cutoff }
        #expect(kept.count == keptReference.count)
        for (id, f) in reference { #expect((kept[PostID(rawValue: id)] != nil) == (f.createdAt >= cutoff)) }
    }

    @Test func idSetAgreesWithASet() {
        var rng = SplitMix64(seed: 5)
        let ids = (0..<3_000).map { i -> MosaicID in MosaicID(rawValue: i % 3 == 0 ? (1 << 40) + UInt64(i) * 1024 : rng.next() >> 1 | 1) }
        let set = IDSet(ids + ids.prefix(100)), reference = Set(ids)
        #expect(set.count == reference.count)
        #expect(ids.allSatisfy(set.contains))
        for _ in 0..<3_000 {
            let other = MosaicID(rawValue: rng.next() >> 1 | 1)
            #expect(set.contains(other) == reference.contains(other))
        }
        #expect(!IDSet([]).contains(MosaicID(rawValue: 0)))
    }
}
