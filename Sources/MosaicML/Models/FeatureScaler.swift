/// Per-feature standardisation (x − mean) / std, fitted on training rows and saved with the model, so
/// raw counts, rates and one-hots can be fed to the rankers side by side.
///
/// A feature that never varied in training scales to 0: the model learnt nothing about it (its input weights
/// got no gradient and keep their random initial values), so a different value at serving time must not reach
/// those weights. Explore's rankers, trained on a log without user vectors or sources other than popularity,
/// otherwise added untrained noise to every candidate of a viewer with a vector and to every ANN candidate.
public struct FeatureScaler: Sendable, Equatable {
    public let mean: [Float]
    public let inverseStd: [Float]

    public init(fitting rows: Matrix) {
        var mean = [Float](repeating: 0, count: rows.columns), sq = mean
        for r in 0..<rows.rows {
            for c in 0..<rows.columns { let v = rows[r, c]; mean[c] += v; sq[c] += v * v }
        }
        let n = Float(max(rows.rows, 1))
        var inv = mean
        for c in 0..<rows.columns {
            mean[c] /= n
            let variance = max(sq[c] / n - mean[c] * mean[c], 0)
            inv[c] = variance > 1e-12 ? 1 / variance.squareRoot() : 0
        }
        self.mean = mean
        inverseStd = inv
    }

    public init(mean: [Float], inverseStd: [Float]) {
        self.mean = mean
        self.inverseStd = inverseStd
    }

    public func transform(_ rows: Matrix) -> Matrix {
        precondition(rows.columns == mean.count, "expected \(mean.count) features, got \(rows.columns)")
        var out = rows
        out.values.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows.rows {
                let base = r * rows.columns
                for c in 0..<rows.columns { p[base + c] = (p[base + c] - mean[c]) * inverseStd[c] }
            }
        }
        return out
    }
}

/// Mini-batch settings shared by the rankers' trainers.
public struct RankerTraining: Sendable {
    public var epochs = 8
    public var batchSize = 256
    public var learningRate: Float = 1e-2
    public var weightDecay: Float = 1e-4
    public var seed: UInt64 = 42
    public var showProgress = false
    public init() {}
}
