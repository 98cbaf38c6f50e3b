import MosaicVectors

/// Shared fixtures: clustered vectors and recall against brute force.
enum TestData {
    static func clustered(count: Int, dimension: Int, clusters: Int = 200, seed: UInt64 = 7) -> VectorMatrix {
        GaussianMixture(dimension: dimension, clusters: clusters, seed: seed).sample(count: count, seed: seed &+ 1)
    }

    static func queries(count: Int, dimension: Int, clusters: Int = 200, seed: UInt64 = 7) -> VectorMatrix {
        GaussianMixture(dimension: dimension, clusters: clusters, seed: seed).sample(count: count, seed: seed &+ 99)
    }

    static func recall(_ found: [Neighbor], _ truth: [Neighbor]) -> Double {
        guard !truth.isEmpty else { return found.isEmpty ? 1 : 0 }
        let wanted = Set(truth.map(\.id))
        return Double(found.filter { wanted.contains($0.id) }.count) / Double(truth.count)
    }
}
