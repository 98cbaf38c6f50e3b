/// A fully connected layer y = f(x·W + b), W stored input-major (`inputCount × outputCount`) so the
/// forward pass is a sequence of contiguous row updates.
public struct DenseLayer: Sendable, Equatable {
    public let inputCount: Int
    public let outputCount: Int
    public let activation: Activation
    public var weights: [Float]
    public var bias: [Float]

    /// He initialisation for ReLU, Glorot otherwise.
    public init(inputCount: Int, outputCount: Int, activation: Activation, random: inout TrainingRandom) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.activation = activation
        let scale = activation == .relu
            ? (2 / Float(inputCount)).squareRoot() : (2 / Float(inputCount + outputCount)).squareRoot()
        weights = (0..<(inputCount * outputCount)).map { _ in random.gaussian() * scale }
        bias = [Float](repeating: 0, count: outputCount)
    }

    public init(inputCount: Int, outputCount: Int, activation: Activation, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputCount * outputCount && bias.count == outputCount)
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.activation = activation
        self.weights = weights
        self.bias = bias
    }

    public var weightMatrix: Matrix { Matrix(rows: inputCount, columns: outputCount, values: weights) }

    public func forward(_ input: Matrix) -> Matrix {
        precondition(input.columns == inputCount, "dense layer expects \(inputCount) inputs, got \(input.columns)")
        var out = MatrixKernels.multiply(input, weightMatrix, bias: bias)
        activation.apply(&out.values)
        return out
    }

    /// Accumulates parameter gradients and returns the gradient with respect to the input.
    public func backward(input: Matrix, output: Matrix, outputGradient: Matrix,
                         into gradient: inout DenseGradient) -> Matrix {
        var g = outputGradient
        activation.backward(output: output.values, gradient: &g.values)
        MatrixKernels.accumulateTransposedProduct(input, g, into: &gradient.weights)
        MatrixKernels.accumulateColumnSums(g, into: &gradient.bias)
        return MatrixKernels.multiplyTransposed(g, weightMatrix)
    }
}

/// Gradient buffers shaped like a `DenseLayer`'s parameters.
public struct DenseGradient: Sendable {
    public var weights: [Float]
    public var bias: [Float]

    public init(for layer: DenseLayer) {
        weights = [Float](repeating: 0, count: layer.weights.count)
        bias = [Float](repeating: 0, count: layer.bias.count)
    }

    public mutating func zero() {
        for i in weights.indices { weights[i] = 0 }
        for i in bias.indices { bias[i] = 0 }
    }
}
