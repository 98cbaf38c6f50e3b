import Foundation

/// Element-wise non-linearities. Their derivatives are written in terms of the *output*, so the backward
/// pass needs only the cached activations, not the pre-activations.
public enum Activation: UInt8, Sendable, CaseIterable {
    case identity, relu, sigmoid, tanh

    @inline(__always)
    public func apply(_ x: Float) -> Float {
        switch self {
        case .identity: return x
        case .relu: return x > 0 ? x : 0
        case .sigmoid: return Activation.sigmoid(x)
        case .tanh: return Foundation.tanh(x)
        }
    }

    /// dy/dx expressed through y = apply(x).
    @inline(__always)
    public func derivative(output y: Float) -> Float {
        switch self {
        case .identity: return 1
        case .relu: return y > 0 ? 1 : 0
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        }
    }

    /// Numerically stable logistic function.
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }

    /// Applies in place over a whole buffer; the switch is hoisted out of the loop.
    func apply(_ values: inout [Float]) {
        switch self {
        case .identity: return
        case .relu: values.withUnsafeMutableBufferPointer { p in for i in p.indices where p[i] < 0 { p[i] = 0 } }
        case .sigmoid: values.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = Activation.sigmoid(p[i]) } }
        case .tanh: values.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = Foundation.tanh(p[i]) } }
        }
    }

    /// gradient ⊙= f'(output), in place.
    func backward(output: [Float], gradient: inout [Float]) {
        precondition(output.count == gradient.count)
        if self == .identity { return }
        output.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                switch self {
                case .identity: break
                case .relu: for i in g.indices where y[i] <= 0 { g[i] = 0 }
                case .sigmoid: for i in g.indices { g[i] *= y[i] * (1 - y[i]) }
                case .tanh: for i in g.indices { g[i] *= 1 - y[i] * y[i] }
                }
            }
        }
    }
}
