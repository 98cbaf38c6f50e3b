import Foundation
import Testing
import MosaicVectors
@testable import MosaicExplore

/// MMR against the formula written out plainly (one dot product at a time, the whole picked set each time).
@Suite struct MMRTests {
    static func reference(_ relevance: [Float], _ vectors: [[Float]], lambda: Float, k: Int) -> [Int] {
        let lo = relevance.min()!, hi = relevance.max()!
        let rel = relevance.map { ($0 - lo) / (hi > lo ? hi - lo : 1) }
        var order: [Int] = []
        while order.count < min(k, relevance.count) {
            var best = -1, bestScore = -Float.infinity
            for i in relevance.indices where !order.contains(i) {
                let sim = order.map { j in zip(vectors[i], vectors[j]).reduce(Float(0)) { $0 + $1.0 * $1.1 } }.max() ?? 0
                let s = lambda * rel[i] - (1 - lambda) * max(0, sim)
                if s > bestScore { bestScore = s; best = i }
            }
            order.append(best)
        }
        return order
    }

    @Test func matchesTheFormula() {
        var rng = SplitMix64(seed: 9)
        for (n, dim, k) in [(1, 8, 5), (7, 8, 7), (50, 16, 20), (203, 32, 203)] {
            let vectors = (0..<n).map { _ -> [Float] in
                let v = (0..<dim).map { _ in Float(rng.nextUnit()) - 0.5 }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return v.map { $0 / norm }
            }
            let relevance = (0..<n).map { _ in Float(rng.nextUnit()) }
            let got = MMR.rerank(relevance: relevance, vectors: vectors.flatMap { $0 }, dimension: dim, lambda: 0.7, k: k)
            #expect(got == Self.reference(relevance, vectors, lambda: 0.7, k: k), "n \(n)")
            #expect(Set(got).count == got.count)
        }
    }
}
