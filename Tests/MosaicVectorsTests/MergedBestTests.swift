import Testing
import MosaicVectors

@Suite struct MergedBestTests {
    static func before(_ a: Neighbor, _ b: Neighbor) -> Bool { a.distance < b.distance || (a.distance == b.distance && a.id < b.id) }

    /// The heads merge equals sorting the concatenation by (distance, ID), for lists with ties and empty lists.
    @Test func equalsSortingTheConcatenation() {
        var rng = SplitMix64(seed: 31)
        for round in 0..<100 {
            var next: UInt64 = 1
            let lists: [[Neighbor]] = (0..<Int(1 + rng.next() % 5)).map { _ in
                (0..<Int(rng.next() % 300)).map { _ -> Neighbor in
                    next += 1 + rng.next() % 3
                    return Neighbor(id: (next * 0x9E37) % 100_003, distance: Float(rng.next() % 50) / 8)
                }.sorted(by: Self.before)
            }
            let k = Int(rng.next() % 700)
            let all: [Neighbor] = lists.flatMap { $0 }
            let reference = Array(all.sorted(by: Self.before).prefix(k))
            let merged = [Neighbor].mergedBest(lists, k: k)
            #expect(merged == reference, "round \(round)")
        }
    }
}
