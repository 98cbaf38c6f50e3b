import Foundation

/// Adam with decoupled weight decay (AdamW). Each parameter block keeps its own moments in an `AdamState`;
/// embedding tables are updated lazily: only the rows a batch touched move, which keeps a step's cost
/// proportional to the batch rather than to the catalogue.
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    public private(set) var step: Int = 0

    public init(learningRate: Float = 1e-3, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// Call once per mini-batch before updating the blocks.
    public mutating func beginStep() { step += 1 }

    private var corrections: (Float, Float) {
        (1 - powf(beta1, Float(step)), 1 - powf(beta2, Float(step)))
    }

    public func update(_ parameters: inout [Float], gradient: [Float], state: inout AdamState,
                       decay: Bool = true) {
        precondition(parameters.count == gradient.count && state.m.count == parameters.count)
        let (c1, c2) = corrections
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon
        let wd = decay ? weightDecay * learningRate : 0
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                state.m.withUnsafeMutableBufferPointer { m in
                    state.v.withUnsafeMutableBufferPointer { v in
                        for i in p.indices {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps) + wd * p[i]
                        }
                    }
                }
            }
        }
    }

    public func update(_ layer: inout DenseLayer, gradient: DenseGradient, state: inout DenseAdamState) {
        update(&layer.weights, gradient: gradient.weights, state: &state.weights)
        update(&layer.bias, gradient: gradient.bias, state: &state.bias, decay: false)
    }

    public func update(_ network: inout FeedForwardNetwork, gradients: [DenseGradient], states: inout [DenseAdamState]) {
        for i in network.layers.indices { update(&network.layers[i], gradient: gradients[i], state: &states[i]) }
    }

    /// Lazy sparse Adam over the touched rows of an embedding table.
    public func update(_ table: inout EmbeddingTable, gradient: SparseGradient, state: inout AdamState) {
        let d = table.dimension
        precondition(state.m.count == table.values.count)
        let (c1, c2) = corrections
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon, wd = weightDecay * learningRate
        table.values.withUnsafeMutableBufferPointer { p in
            gradient.values.withUnsafeBufferPointer { g in
                state.m.withUnsafeMutableBufferPointer { m in
                    state.v.withUnsafeMutableBufferPointer { v in
                        for (slot, row) in gradient.rows.enumerated() {
                            let base = row * d, gbase = slot * d
                            for k in 0..<d {
                                let i = base + k, gi = g[gbase + k]
                                m[i] = b1 * m[i] + (1 - b1) * gi
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                p[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps) + wd * p[i]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// First and second moments for one parameter block.
public struct AdamState: Sendable {
    public var m: [Float]
    public var v: [Float]
    public init(count: Int) {
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
    }
}

public struct DenseAdamState: Sendable {
    public var weights: AdamState
    public var bias: AdamState
    public init(for layer: DenseLayer) {
        weights = AdamState(count: layer.weights.count)
        bias = AdamState(count: layer.bias.count)
    }
    public static func states(for network: FeedForwardNetwork) -> [DenseAdamState] {
        network.layers.map(DenseAdamState.init(for:))
    }
}
