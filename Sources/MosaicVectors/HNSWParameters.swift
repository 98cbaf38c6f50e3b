/// Construction and search parameters of an `HNSWIndex` (Malkov & Yashunin, 2018).
public struct HNSWParameters: Sendable, Hashable {
    /// Links per node on the upper layers; layer 0 keeps `2 * M`. 16 is a good default for 64–256 dims.
    public var M: Int
    /// Beam width while inserting: higher builds slower and gives a better graph.
    public var efConstruction: Int
    /// Default beam width for `search` when the call does not pass one (raised to `k` if smaller).
    public var efSearch: Int
    /// Seed of the level generator; a single-threaded build with the same seed and input is reproducible.
    public var seed: UInt64

    public init(M: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 0x6d6f_7361_6963) {
        precondition(M >= 2 && M <= 128, "HNSW: M must be in 2...128")
        precondition(efConstruction >= 1 && efSearch >= 1)
        self.M = M
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
    }
}
