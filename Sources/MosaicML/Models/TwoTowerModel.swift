import Foundation

/// Two-tower retrieval: a user tower and an item tower map into one space where a dot product estimates
/// engagement. The item tower runs once per post (its vector goes into the ANN index); the user tower runs
/// per request. Both add an ID embedding for entities seen in training to an MLP over side features, so a
/// new post or user still gets a useful vector from content and context alone.
///
/// Immutable and `Sendable`: serve it from many tasks at once, and hot-swap by replacing the whole value.
public struct TwoTowerModel: Sendable {
    public static let kind = "two-tower"
    public static let formatVersion: UInt32 = 1

    public let configuration: TwoTowerConfiguration
    /// Identifies this trained instance (logged with impressions).
    public let version: String
    public let userIDs: [String]
    public let itemIDs: [String]
    public let categories: [String]
    public let contentDimension: Int
    public let creatorFeatureCount: Int
    /// Time the training data ends; item ages are measured from here when no `now` is given.
    public let referenceTime: Int64
    /// Categories of each training item (for the user's category histogram).
    let itemCategories: [[Int]]

    var userIDTable: EmbeddingTable
    var historyTable: EmbeddingTable
    var userTokenTable: EmbeddingTable
    var userNetwork: FeedForwardNetwork
    var itemIDTable: EmbeddingTable
    var tokenTable: EmbeddingTable
    var creatorTable: EmbeddingTable
    var itemNetwork: FeedForwardNetwork

    let categoryIndex: [String: Int]
    let userIndex: [String: Int]
    let itemIndex: [String: Int]

    var userDenseCount: Int { categories.count + 4 }
    var itemDenseCount: Int { categories.count + contentDimension + creatorFeatureCount + 3 }

    /// A freshly initialised model for `data`'s users, items and feature shapes.
    public init(configuration c: TwoTowerConfiguration, data: InteractionDataset, referenceTime: Int64,
                version: String) {
        var random = TrainingRandom(seed: c.seed)
        configuration = c
        self.version = version
        userIDs = data.userIDs
        itemIDs = data.itemIDs
        categories = data.categories
        contentDimension = data.contentDimension
        creatorFeatureCount = data.creatorFeatureCount
        self.referenceTime = referenceTime
        itemCategories = data.itemCategories
        // ID embeddings start at zero: rows never trained stay exactly zero, so unseen entities are
        // represented by their features alone.
        userIDTable = EmbeddingTable(rowCount: max(data.userCount, 1), dimension: c.outputDimension, scale: 0, random: &random)
        historyTable = EmbeddingTable(rowCount: max(data.itemCount, 1), dimension: c.historyDimension, scale: 0.1, random: &random)
        userTokenTable = EmbeddingTable(rowCount: c.userTokenBuckets, dimension: c.userTokenDimension, scale: 0.1, random: &random)
        itemIDTable = EmbeddingTable(rowCount: max(data.itemCount, 1), dimension: c.outputDimension, scale: 0, random: &random)
        tokenTable = EmbeddingTable(rowCount: c.tokenBuckets, dimension: c.tokenDimension, scale: 0.1, random: &random)
        creatorTable = EmbeddingTable(rowCount: c.creatorBuckets, dimension: c.creatorDimension, scale: 0.1, random: &random)
        categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        userIndex = Dictionary(uniqueKeysWithValues: userIDs.enumerated().map { ($1, $0) })
        itemIndex = Dictionary(uniqueKeysWithValues: itemIDs.enumerated().map { ($1, $0) })
        let userIn = 2 * c.historyDimension + c.userTokenDimension + categories.count + 4
        let itemIn = c.tokenDimension + c.creatorDimension + categories.count + contentDimension + creatorFeatureCount + 3
        userNetwork = FeedForwardNetwork(sizes: [userIn, c.hiddenDimension, c.outputDimension], random: &random)
        itemNetwork = FeedForwardNetwork(sizes: [itemIn, c.hiddenDimension, c.outputDimension], random: &random)
    }

    /// Rebuilds a model from saved parts (tables in the order userID, history, userToken, itemID, token, creator).
    init(configuration: TwoTowerConfiguration, version: String, userIDs: [String], itemIDs: [String],
         categories: [String], contentDimension: Int, creatorFeatureCount: Int, referenceTime: Int64,
         itemCategories: [[Int]], tables: [EmbeddingTable], userNetwork: FeedForwardNetwork,
         itemNetwork: FeedForwardNetwork) {
        self.configuration = configuration
        self.version = version
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.categories = categories
        self.contentDimension = contentDimension
        self.creatorFeatureCount = creatorFeatureCount
        self.referenceTime = referenceTime
        self.itemCategories = itemCategories
        userIDTable = tables[0]; historyTable = tables[1]; userTokenTable = tables[2]
        itemIDTable = tables[3]; tokenTable = tables[4]; creatorTable = tables[5]
        self.userNetwork = userNetwork
        self.itemNetwork = itemNetwork
        categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        userIndex = Dictionary(uniqueKeysWithValues: userIDs.enumerated().map { ($1, $0) })
        itemIndex = Dictionary(uniqueKeysWithValues: itemIDs.enumerated().map { ($1, $0) })
    }

    public func userIndex(of id: String) -> Int? { userIndex[id] }
    public func itemIndex(of id: String) -> Int? { itemIndex[id] }

    // MARK: - Inference

    /// Item vectors (unit length unless `normalizeOutputs` is off), one row per input.
    public func itemVectors(_ items: [ItemTowerInput], now: Int64? = nil) -> Matrix {
        itemForward(encodeItems(items, now: now ?? referenceTime, dropID: nil)).output
    }

    public func itemVector(_ item: ItemTowerInput, now: Int64? = nil) -> [Float] {
        itemVectors([item], now: now).values
    }

    /// Unit-length user vectors, one row per input.
    public func userVectors(_ users: [UserTowerInput]) -> Matrix {
        userForward(encodeUsers(users)).output
    }

    public func userVector(_ user: UserTowerInput) -> [Float] { userVectors([user]).values }

    /// The seed's session adjustment: how this session moves the user away from their long-term vector.
    /// `delta = tower(user with session) − tower(user without session)`.
    public func sessionDelta(_ user: UserTowerInput) -> [Float] {
        var base = user
        base.session = []
        let both = userVectors([user, base])
        return (0..<both.columns).map { both[0, $0] - both[1, $0] }
    }

    /// `normalize(base + weight · delta)`: the nightly vector nudged by the live session (weight 0.3 in the seed).
    public static func queryVector(base: [Float], delta: [Float], weight: Float = 0.3) -> [Float] {
        precondition(base.count == delta.count)
        var q = zip(base, delta).map { $0 + weight * $1 }
        let n = max(q.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-9)
        for i in q.indices { q[i] /= n }
        return q
    }

    // MARK: - Encoding

    func encodeItems(_ items: [ItemTowerInput], now: Int64, dropID: ((Int) -> Bool)?) -> TowerBatch {
        var b = TowerBatch()
        let c = configuration
        b.dense.reserveCapacity(items.count * itemDenseCount)
        for (n, item) in items.enumerated() {
            let f = item.features
            if let i = item.index, i >= 0, i < itemIDTable.rowCount, !(dropID?(n) ?? false) {
                b.id.append([i], mean: false)
            } else {
                b.id.append([Int](), mean: false)
            }
            b.primary.append(f.tokens.map { FeatureHashing.bucket($0, salt: 1, buckets: c.tokenBuckets) }, mean: true)
            b.secondary.append(f.creator.map { [FeatureHashing.bucket($0, salt: 2, buckets: c.creatorBuckets)] } ?? [],
                               mean: false)
            b.tertiary.append([Int](), mean: false)
            var cats = [Float](repeating: 0, count: categories.count)
            let known = f.categories.compactMap { categoryIndex[$0] }
            for k in known { cats[k] = 1 / Float(known.count) }
            b.dense += cats
            for k in 0..<contentDimension { b.dense.append(k < f.content.count ? f.content[k] : 0) }
            for k in 0..<creatorFeatureCount { b.dense.append(k < f.creatorFeatures.count ? f.creatorFeatures[k] : 0) }
            let ageDays = f.createdAt.map { Float(max(0, now - $0)) / 86400 } ?? 0
            b.dense.append(logf(1 + ageDays) / 10)
            b.dense.append(logf(1 + Float(item.engagements)) / 5)
            b.dense.append(logf(1 + Float(item.recentEngagements)) / 5)
        }
        return b
    }

    func encodeUsers(_ users: [UserTowerInput]) -> TowerBatch {
        var b = TowerBatch()
        let c = configuration
        for u in users {
            if let i = u.index, i >= 0, i < userIDTable.rowCount { b.id.append([i], mean: false) } else {
                b.id.append([Int](), mean: false)
            }
            let history = u.history.suffix(c.historyLimit).filter { $0 >= 0 && $0 < historyTable.rowCount }
            let session = u.session.suffix(c.sessionLength).filter { $0 >= 0 && $0 < historyTable.rowCount }
            b.primary.append(history, mean: true)
            b.secondary.append(session, mean: true)
            b.tertiary.append(u.features.tokens.map { FeatureHashing.bucket($0, salt: 3, buckets: c.userTokenBuckets) },
                              mean: true)
            var hist = [Float](repeating: 0, count: categories.count)
            var total: Float = 0
            for i in history where i < itemCategories.count {
                for k in itemCategories[i] { hist[k] += 1; total += 1 }
            }
            if total > 0 { for k in hist.indices { hist[k] /= total } }
            b.dense += hist
            let angle = Float(u.hour ?? 0) / 24 * 2 * .pi
            b.dense += u.hour == nil ? [0, 0] : [sinf(angle), cosf(angle)]
            b.dense.append(logf(1 + Float(u.history.count)) / 5)
            b.dense.append(session.isEmpty ? 0 : 1)
        }
        return b
    }

    // MARK: - Forward passes (shared by inference and training)

    struct TowerPass {
        var trace: [Matrix]
        var sum: Matrix        // MLP output + ID embedding
        var norms: [Float]
        var output: Matrix     // normalised
    }

    func itemForward(_ b: TowerBatch) -> TowerPass {
        let input = Matrix.concatenate([
            tokenTable.lookup(b.primary), creatorTable.lookup(b.secondary),
            Matrix(rows: b.count, columns: itemDenseCount, values: b.dense),
        ])
        return finish(network: itemNetwork, input: input, id: itemIDTable.lookup(b.id))
    }

    func userForward(_ b: TowerBatch) -> TowerPass {
        let input = Matrix.concatenate([
            historyTable.lookup(b.primary), historyTable.lookup(b.secondary), userTokenTable.lookup(b.tertiary),
            Matrix(rows: b.count, columns: userDenseCount, values: b.dense),
        ])
        return finish(network: userNetwork, input: input, id: userIDTable.lookup(b.id))
    }

    private func finish(network: FeedForwardNetwork, input: Matrix, id: Matrix) -> TowerPass {
        let trace = network.forwardTrace(input)
        var sum = trace[trace.count - 1]
        for i in sum.values.indices { sum.values[i] += id.values[i] }
        guard configuration.normalizeOutputs else {
            return TowerPass(trace: trace, sum: sum, norms: [], output: sum)
        }
        let (out, norms) = RowNormalization.forward(sum)
        return TowerPass(trace: trace, sum: sum, norms: norms, output: out)
    }
}
