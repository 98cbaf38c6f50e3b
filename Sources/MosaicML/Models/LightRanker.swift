import Foundation

/// The funnel's first ranking stage: logistic regression over ~50 hand-built features (retrieval score,
/// source, creator and item statistics, user–category affinity, freshness…). Linear, so scoring thousands
/// of candidates is one pass of dot products. Immutable and `Sendable`.
public struct LightRanker: Sendable, Equatable {
    public static let kind = "light-ranker"
    public static let formatVersion: UInt32 = 1

    public let version: String
    public let featureNames: [String]
    public let scaler: FeatureScaler
    /// Weights over standardised features, and the bias.
    public let weights: [Float]
    public let bias: Float
    /// The same model on raw features: wᵢ·sᵢ and b − Σ wᵢ·sᵢ·μᵢ (s = 1/σ), so scoring a batch is one dot product
    /// per row with no standardised copy of the matrix (the copy and its per-element lookups were most of the
    /// light stage's time in Explore).
    let rawWeights: [Float]
    let rawBias: Float

    public init(version: String, featureNames: [String], scaler: FeatureScaler, weights: [Float], bias: Float) {
        precondition(weights.count == featureNames.count && scaler.mean.count == weights.count)
        self.version = version
        self.featureNames = featureNames
        self.scaler = scaler
        self.weights = weights
        self.bias = bias
        rawWeights = weights.indices.map { weights[$0] * scaler.inverseStd[$0] }
        rawBias = Float(Double(bias) - weights.indices.reduce(0.0) { $0 + Double(weights[$1] * scaler.inverseStd[$1]) * Double(scaler.mean[$1]) })
    }

    public var featureCount: Int { weights.count }

    /// Engagement probability of one candidate.
    public func probability(_ features: UnsafeBufferPointer<Float>) -> Float {
        precondition(features.count == featureCount)
        var z = bias
        for i in 0..<featureCount { z += weights[i] * (features[i] - scaler.mean[i]) * scaler.inverseStd[i] }
        return Activation.sigmoid(z)
    }

    /// Probabilities for a batch (one row per candidate).
    public func probabilities(_ rows: Matrix) -> [Float] {
        precondition(rows.columns == featureCount, "expected \(featureCount) features, got \(rows.columns)")
        let n = featureCount, b = rawBias
        return [Float](unsafeUninitializedCapacity: rows.rows) { out, count in
            rows.values.withUnsafeBufferPointer { p in
                rawWeights.withUnsafeBufferPointer { w in
                    for r in 0..<rows.rows {
                        out[r] = Activation.sigmoid(b + MatrixKernels.dot(p.baseAddress! + r * n, w.baseAddress!, n))
                    }
                }
            }
            count = rows.rows
        }
    }

    /// Trains on impressions: `rows` are candidates' features, `labels` 1 for engaged, 0 otherwise.
    public static func train(rows: Matrix, labels: [Float], featureNames: [String], settings: RankerTraining = RankerTraining(),
                             version: String = "light-ranker") -> LightRanker {
        precondition(rows.rows == labels.count && rows.columns == featureNames.count)
        let scaler = FeatureScaler(fitting: rows)
        let x = scaler.transform(rows)
        var layer = DenseLayer(inputCount: rows.columns, outputCount: 1, activation: .identity,
                               weights: [Float](repeating: 0, count: rows.columns), bias: [0])
        var grad = DenseGradient(for: layer)
        var state = DenseAdamState(for: layer)
        var optimizer = AdamOptimizer(learningRate: settings.learningRate, weightDecay: settings.weightDecay)
        var random = TrainingRandom(seed: settings.seed)
        var order = Array(0..<rows.rows)
        let progress = TrainingProgress(label: "light", total: settings.epochs * rows.rows, enabled: settings.showProgress)
        var done = 0
        for _ in 0..<settings.epochs {
            random.shuffle(&order)
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let idx = order[start ..< min(start + settings.batchSize, order.count)]
                let batch = gather(x, Array(idx))
                let logits = layer.forward(batch)
                let (loss, g) = BinaryCrossEntropy.lossAndGradient(logits: logits.values, labels: idx.map { labels[$0] })
                grad.zero()
                _ = layer.backward(input: batch, output: logits, outputGradient: Matrix(rows: idx.count, columns: 1, values: g),
                                   into: &grad)
                optimizer.beginStep()
                optimizer.update(&layer, gradient: grad, state: &state)
                done += idx.count
                progress.update(done: done, loss: loss)
            }
        }
        return LightRanker(version: version, featureNames: featureNames, scaler: scaler, weights: layer.weights,
                           bias: layer.bias[0])
    }

    static func gather(_ m: Matrix, _ rows: [Int]) -> Matrix {
        var out = Matrix(rows: rows.count, columns: m.columns)
        m.values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for (k, r) in rows.enumerated() {
                    (dst.baseAddress! + k * m.columns).update(from: src.baseAddress! + r * m.columns, count: m.columns)
                }
            }
        }
        return out
    }

    public func save(to path: String) throws {
        try ModelFile.write(path, kind: Self.kind, version: Self.formatVersion) { w in
            w.string(version); w.strings(featureNames); w.floats(scaler.mean); w.floats(scaler.inverseStd)
            w.floats(weights); w.float(bias)
        }
    }

    public static func load(from path: String) throws -> LightRanker {
        try ModelFile.read(path, kind: kind) { r, v in
            guard v == 1 else { throw ModelFile.FormatError.unsupportedVersion(kind: kind, version: v) }
            let version = try r.string(), names = try r.strings()
            let scaler = FeatureScaler(mean: try r.floats(), inverseStd: try r.floats())
            let weights = try r.floats(), bias = try r.float()
            guard weights.count == names.count, scaler.mean.count == names.count else { throw ModelFile.FormatError.truncated }
            return LightRanker(version: version, featureNames: names, scaler: scaler, weights: weights, bias: bias)
        }
    }
}
