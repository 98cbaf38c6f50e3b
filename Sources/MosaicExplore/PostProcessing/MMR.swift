import MosaicVectors

/// Maximal Marginal Relevance (Carbonell & Goldstein, 1998): picks items one at a time, trading relevance
/// against similarity to what is already picked: `λ·rel(i) − (1−λ)·max_j sim(i, j)`.
///
/// Vectors are unit-normalised rows of one contiguous buffer, so similarity is an inner product. The running
/// "max similarity to the picked set" is kept per item and updated with one dot product per item per pick:
/// O(k·n·d) with no allocation in the loop, the inner products four rows at a time in the SIMD kernel.
public enum MMR {
    /// Returns indices into `relevance` in MMR order, at most `k` of them.
    /// - Parameters:
    ///   - relevance: scores, any scale (they are min-max normalised to [0, 1] first).
    ///   - vectors: `relevance.count × dimension` floats, row-major, unit length (zero rows mean "unknown").
    public static func rerank(relevance: [Float], vectors: [Float], dimension: Int, lambda: Float, k: Int) -> [Int] {
        let n = relevance.count
        guard n > 0, k > 0 else { return [] }
        precondition(vectors.count == n * dimension, "one vector per item")
        let lo = relevance.min()!, hi = relevance.max()!
        let span = hi > lo ? hi - lo : 1
        var rel = [Float](repeating: 0, count: n)
        for i in 0..<n { rel[i] = (relevance[i] - lo) / span }
        var maxSim = [Float](repeating: -1, count: n)
        var picked = [Bool](repeating: false, count: n)
        var order: [Int] = []
        order.reserveCapacity(min(k, n))
        var rows = [Int](repeating: 0, count: 4)
        rel.withUnsafeBufferPointer { rel in
            vectors.withUnsafeBufferPointer { v in
                maxSim.withUnsafeMutableBufferPointer { maxSim in
                    picked.withUnsafeMutableBufferPointer { picked in
                        for _ in 0..<min(k, n) {
                            var best = -1
                            var bestScore = -Float.infinity
                            for i in 0..<n where !picked[i] {
                                let redundancy = order.isEmpty ? 0 : max(0, maxSim[i])
                                let s = lambda * rel[i] - (1 - lambda) * redundancy
                                if s > bestScore { bestScore = s; best = i }
                            }
                            picked[best] = true
                            order.append(best)
                            let b = v.baseAddress! + best * dimension
                            // Four unpicked rows per kernel call (one load of the picked vector per four rows).
                            var pending = 0
                            for i in 0..<n where !picked[i] {
                                rows[pending] = i
                                pending += 1
                                if pending == 4 {
                                    let d = VectorKernels.dot4(b, v.baseAddress! + rows[0] * dimension, v.baseAddress! + rows[1] * dimension,
                                                               v.baseAddress! + rows[2] * dimension, v.baseAddress! + rows[3] * dimension,
                                                               count: dimension)
                                    for r in 0..<4 { maxSim[rows[r]] = max(maxSim[rows[r]], d[r]) }
                                    pending = 0
                                }
                            }
                            for r in rows[0..<pending] {
                                maxSim[r] = max(maxSim[r], VectorKernels.dot(v.baseAddress! + r * dimension, b, count: dimension))
                            }
                        }
                    }
                }
            }
        }
        return order
    }
}
