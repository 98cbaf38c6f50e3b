/// Brute-force retrieval over a whole catalogue, for offline evaluation and small catalogues (the service
/// puts item vectors into MosaicVectors' HNSW index instead).
extension TwoTowerModel {
    /// Unit-length vectors of every item in `data`, with engagement counters from `index`.
    public func catalogueVectors(data: InteractionDataset, index: EngagementIndex) -> Matrix {
        itemVectors((0..<data.itemCount).map { index.itemInput($0, data: data) }, now: index.endTime)
    }

    /// Top-`k` items and their scores for each user, excluding each user's training items and restricted
    /// to `candidates` when given (e.g. the cold items).
    public func recommend(users: [Int], data: InteractionDataset, index: EngagementIndex, k: Int,
                          items: Matrix? = nil, candidates: Set<Int>? = nil) -> [Int: [(item: Int, score: Float)]] {
        let itemMatrix = items ?? catalogueVectors(data: data, index: index)
        var out: [Int: [(item: Int, score: Float)]] = [:]
        let chunk = 256
        var excludedAll: Set<Int> = []
        if let candidates { excludedAll = Set(0..<data.itemCount).subtracting(candidates) }
        for start in stride(from: 0, to: users.count, by: chunk) {
            let part = Array(users[start ..< min(start + chunk, users.count)])
            let u = userVectors(part.map { index.userInput($0, data: data, sessionLength: configuration.sessionLength) })
            let scores = MatrixKernels.multiplyTransposed(u, itemMatrix)
            scores.values.withUnsafeBufferPointer { s in
                for (r, user) in part.enumerated() {
                    let row = UnsafeBufferPointer(rebasing: s[(r * scores.columns) ..< ((r + 1) * scores.columns)])
                    let excluded = excludedAll.union(index.histories[user])
                    let top = RecommendationLists.topK(row, k: k, excluded: excluded)
                    out[user] = top.map { ($0, row[$0]) }
                }
            }
        }
        return out
    }
}
