import Foundation

/// Softmax cross-entropy over the rows of a logit matrix, one target column per row. Used for the
/// two-tower's sampled softmax, where row i's target is its own positive among the batch's candidates.
public enum SoftmaxCrossEntropy {
    /// Mean loss over rows and dLoss/dLogits.
    public static func lossAndGradient(logits: Matrix, targets: [Int]) -> (loss: Float, gradient: Matrix) {
        precondition(targets.count == logits.rows)
        var grad = logits
        var total: Double = 0
        let n = logits.columns
        let scale = 1 / Float(max(logits.rows, 1))
        grad.values.withUnsafeMutableBufferPointer { g in
            for i in 0..<logits.rows {
                let row = g.baseAddress! + i * n
                var maxV = -Float.infinity
                for j in 0..<n { maxV = max(maxV, row[j]) }
                var sum: Float = 0
                for j in 0..<n { let e = expf(row[j] - maxV); row[j] = e; sum += e }
                let t = targets[i]
                total += Double(-(logf(max(row[t] / sum, 1e-30))))
                let inv = 1 / sum
                for j in 0..<n { row[j] *= inv * scale }
                row[t] -= scale
            }
        }
        return (Float(total) * scale, grad)
    }
}

/// Binary cross-entropy on logits (numerically stable), optionally weighted per example, and masked:
/// a weight of 0 means "no label for this task" (a multi-task example need not label every head).
public enum BinaryCrossEntropy {
    /// Returns Σ wᵢ·BCE / Σ wᵢ and its gradient with respect to the logits.
    public static func lossAndGradient(logits: [Float], labels: [Float], weights: [Float]? = nil)
        -> (loss: Float, gradient: [Float]) {
        precondition(logits.count == labels.count)
        var grad = [Float](repeating: 0, count: logits.count)
        var total: Double = 0
        var weightSum: Float = 0
        for i in logits.indices { weightSum += weights?[i] ?? 1 }
        guard weightSum > 0 else { return (0, grad) }
        for i in logits.indices {
            let w = weights?[i] ?? 1
            if w == 0 { continue }
            let z = logits[i], y = labels[i]
            // log(1 + e^{-|z|}) + max(z, 0) − z·y
            total += Double(w * (log1pf(expf(-abs(z))) + max(z, 0) - z * y))
            grad[i] = w * (Activation.sigmoid(z) - y) / weightSum
        }
        return (Float(total) / weightSum, grad)
    }
}
