import Testing
import MosaicVectors
@testable import MosaicExplore

/// `ExploreFunnel.top` (the light ranker's cut) against a plain sort of (score, index) pairs.
@Suite struct FunnelTopTests {
    @Test func agreesWithSortingPairs() {
        var rng = SplitMix64(seed: 23)
        for round in 0..<50 {
            let n = 1 + Int(rng.next() % 3_000)
            // Few distinct values (many ties), negatives, zeros of both signs, infinities, and a NaN now and then.
            let scores: [Float] = (0..<n).map { _ in
                switch rng.next() % 20 {
                case 0: return -0.0
                case 1: return 0
                case 2: return .infinity
                case 3: return -.infinity
                case 4: return round % 5 == 0 ? .nan : 1
                default: return Float(Int(rng.next() % 41) - 20) / 4
                }
            }
            let k = Int(rng.next() % UInt64(n + 10))
            let reference = scores.enumerated().sorted { a, b in
                let x = a.element.isNaN ? -Float.infinity : a.element, y = b.element.isNaN ? -Float.infinity : b.element
                if a.element.isNaN != b.element.isNaN { return b.element.isNaN }
                return x != y ? x > y : a.offset < b.offset
            }.prefix(k).map(\.offset)
            // -0.0 and 0 are equal scores: the reference orders them by index, and so must `top`.
            let got = ExploreFunnel.top(k, of: scores)
            #expect(got == reference, "round \(round)")
        }
    }
}
