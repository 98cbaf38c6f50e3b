/// Clustered synthetic vectors: a mixture of isotropic Gaussians around random centres, each cluster with its
/// own spread and weight. Real embeddings are clustered (topics, styles), and uniform noise makes every ANN
/// index look alike, so the benchmark and the recall tests use this.
public struct GaussianMixture: Sendable {
    public let dimension: Int
    public let centres: VectorMatrix
    public let spreads: [Float]
    /// Cumulative cluster weights (last is 1) for sampling a cluster.
    let cumulative: [Double]

    /// - Parameters:
    ///   - clusters: number of centres (a few thousand for the 1 M benchmark).
    ///   - spread: range of per-cluster standard deviations; centres are N(0, 1) per coordinate.
    public init(dimension: Int, clusters: Int, spread: ClosedRange<Float> = 0.35...0.75, seed: UInt64) {
        precondition(clusters > 0)
        var rng = SplitMix64(seed: seed)
        self.dimension = dimension
        centres = VectorMatrix(count: clusters, dimension: dimension) { _, row in
            for j in 0..<dimension { row[j] = Float(rng.nextGaussian()) }
        }
        spreads = (0..<clusters).map { _ in spread.lowerBound + Float(rng.nextUnit()) * (spread.upperBound - spread.lowerBound) }
        // Zipf-like weights: some topics are much more popular than others.
        let weights = (0..<clusters).map { 1 / Double($0 + 1).squareRoot() }
        let total = weights.reduce(0, +)
        var running = 0.0
        cumulative = weights.map { running += $0 / total; return running }
    }

    /// `count` points drawn with generator seed `seed`, rows in draw order.
    public func sample(count: Int, seed: UInt64) -> VectorMatrix {
        var rng = SplitMix64(seed: seed)
        return centres.withUnsafeRows { c in
            VectorMatrix(count: count, dimension: dimension) { _, row in
                let u = rng.nextUnit()
                var lo = 0, hi = cumulative.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
                }
                let centre = c! + lo * dimension
                let s = spreads[lo]
                for j in 0..<dimension { row[j] = centre[j] + s * Float(rng.nextGaussian()) }
            }
        }
    }
}
