/// Shapes and training settings of the two-tower retrieval model.
public struct TwoTowerConfiguration: Sendable, Equatable {
    /// Dimension of user and item vectors (and of the HNSW index): 64–256.
    public var outputDimension = 64
    public var hiddenDimension = 128
    /// Dimension of the item embeddings a user's history and session are averaged from.
    public var historyDimension = 48
    public var tokenBuckets = 8192
    public var tokenDimension = 24
    public var userTokenBuckets = 1024
    public var userTokenDimension = 16
    public var creatorBuckets = 4096
    public var creatorDimension = 8
    /// Most recent engagements averaged into the history feature.
    public var historyLimit = 200
    /// Actions that make up the session context.
    public var sessionLength = 20
    /// Softmax temperature over the tower scores.
    public var temperature: Float = 0.1
    /// Unit-length tower outputs (scores are cosines, the temperature sets their scale). Without it, vector
    /// norms are free to carry popularity, as in matrix factorisation.
    public var normalizeOutputs = true
    /// Uniformly sampled negatives shared by the batch, on top of the in-batch ones.
    public var sampledNegatives = 512
    /// Catalogues of at most this many items train with a full softmax over every item instead (exact, so
    /// no logQ correction; the model learns popularity as it is). Larger ones use in-batch + sampled items.
    /// Off by default (each batch then runs the item tower over the whole catalogue); `mosaic eval` and
    /// `mosaic train` turn it on up to 4096 items.
    public var fullSoftmaxLimit = 0
    /// Probability of hiding an item's ID embedding from a training example, so the content path alone
    /// learns to place items (that is what a brand-new post gets).
    public var itemIDDropout: Float = 0.25
    /// Probability of training an example as a brand-new user would be served: no user ID embedding, and a
    /// history of only the last 1…`sessionLength` actions before the target, so the history path alone learns
    /// to place someone after their first interactions (the server's cold start). Off by default.
    public var userIDDropout: Float = 0
    public var batchSize = 256
    public var epochs = 10
    public var learningRate: Float = 2e-3
    public var weightDecay: Float = 1e-5
    /// Window for the engagement-velocity feature.
    public var velocityWindowSeconds: Int64 = 30 * 86400
    public var seed: UInt64 = 42

    public init() {}

    /// Fields in save order, for the model file.
    var encoded: [Int] {
        [outputDimension, hiddenDimension, historyDimension, tokenBuckets, tokenDimension, userTokenBuckets,
         userTokenDimension, creatorBuckets, creatorDimension, historyLimit, sessionLength, sampledNegatives,
         batchSize, epochs, Int(velocityWindowSeconds), Int(truncatingIfNeeded: seed), normalizeOutputs ? 1 : 0,
         fullSoftmaxLimit]
    }

    init(encoded e: [Int], floats f: [Float]) {
        outputDimension = e[0]; hiddenDimension = e[1]; historyDimension = e[2]; tokenBuckets = e[3]
        tokenDimension = e[4]; userTokenBuckets = e[5]; userTokenDimension = e[6]; creatorBuckets = e[7]
        creatorDimension = e[8]; historyLimit = e[9]; sessionLength = e[10]; sampledNegatives = e[11]
        batchSize = e[12]; epochs = e[13]; velocityWindowSeconds = Int64(e[14]); seed = UInt64(bitPattern: Int64(e[15]))
        normalizeOutputs = e.count > 16 ? e[16] != 0 : true
        fullSoftmaxLimit = e.count > 17 ? e[17] : 0
        temperature = f[0]; itemIDDropout = f[1]; learningRate = f[2]; weightDecay = f[3]
        userIDDropout = f.count > 4 ? f[4] : 0
    }

    var encodedFloats: [Float] { [temperature, itemIDDropout, learningRate, weightDecay, userIDDropout] }
}
