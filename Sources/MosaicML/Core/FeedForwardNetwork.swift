/// A stack of dense layers: the towers, the shared bottom and the task heads are all one of these.
public struct FeedForwardNetwork: Sendable, Equatable {
    public var layers: [DenseLayer]

    /// `sizes` = [input, hidden…, output]; hidden layers use `hidden`, the last uses `output`.
    public init(sizes: [Int], hidden: Activation = .relu, output: Activation = .identity,
                random: inout TrainingRandom) {
        precondition(sizes.count >= 2)
        layers = (0..<(sizes.count - 1)).map { i in
            DenseLayer(inputCount: sizes[i], outputCount: sizes[i + 1],
                       activation: i == sizes.count - 2 ? output : hidden, random: &random)
        }
    }

    public init(layers: [DenseLayer]) { self.layers = layers }

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].outputCount }

    public func forward(_ input: Matrix) -> Matrix {
        var x = input
        for layer in layers { x = layer.forward(x) }
        return x
    }

    /// Forward pass keeping every activation for `backward`. `trace[0]` is the input.
    public func forwardTrace(_ input: Matrix) -> [Matrix] {
        var trace = [input]
        trace.reserveCapacity(layers.count + 1)
        for layer in layers { trace.append(layer.forward(trace[trace.count - 1])) }
        return trace
    }

    public func backward(trace: [Matrix], outputGradient: Matrix, into gradients: inout [DenseGradient]) -> Matrix {
        var g = outputGradient
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            g = layers[i].backward(input: trace[i], output: trace[i + 1], outputGradient: g, into: &gradients[i])
        }
        return g
    }

    public func makeGradients() -> [DenseGradient] { layers.map(DenseGradient.init(for:)) }
}
