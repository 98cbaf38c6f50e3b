/// How two vectors are compared. Every index reports a *distance*: smaller is closer.
///
/// - `l2`: squared Euclidean distance (the square root is monotone, so it is never taken).
/// - `innerProduct`: `1 - dot(a, b)`, the convention hnswlib uses, so that maximum-inner-product search is a
///   nearest-neighbour search. Vectors are stored as given.
/// - `cosine`: vectors are normalised once on insert and on query, then compared as `innerProduct`; the
///   distance is `1 - cos(a, b)`.
public enum DistanceMetric: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case l2 = 0
    case innerProduct = 1
    case cosine = 2

    /// The distance between two stored (already normalised, for cosine) vectors.
    @inlinable
    public func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        switch self {
        case .l2: return VectorKernels.l2Squared(a, b, count: dimension)
        case .innerProduct, .cosine: return 1 - VectorKernels.dot(a, b, count: dimension)
        }
    }

    public var description: String {
        switch self {
        case .l2: return "l2"
        case .innerProduct: return "ip"
        case .cosine: return "cosine"
        }
    }

    /// Parses `l2`, `ip`/`innerProduct`, `cosine`.
    public init?(name: String) {
        switch name.lowercased() {
        case "l2", "euclidean": self = .l2
        case "ip", "innerproduct", "inner_product", "dot": self = .innerProduct
        case "cosine", "cos", "angular": self = .cosine
        default: return nil
        }
    }
}

/// A distance function as a type, so that the graph traversal is specialised per metric and the kernel call
/// in its inner loop is a direct, inlinable call rather than a switch or a protocol witness.
@usableFromInline
protocol DistanceKernel {
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float
    /// Distances from `q` to four rows (the search's batched form).
    static func distance4(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                          _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, dimension: Int) -> SIMD4<Float>
}

@usableFromInline
enum L2Kernel: DistanceKernel {
    @inlinable @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        VectorKernels.l2Squared(a, b, count: dimension)
    }

    @inlinable @inline(__always)
    static func distance4(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                          _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, dimension: Int) -> SIMD4<Float> {
        VectorKernels.l2Squared4(q, b0, b1, b2, b3, count: dimension)
    }
}

@usableFromInline
enum InnerProductKernel: DistanceKernel {
    @inlinable @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        1 - VectorKernels.dot(a, b, count: dimension)
    }

    @inlinable @inline(__always)
    static func distance4(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                          _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, dimension: Int) -> SIMD4<Float> {
        1 - VectorKernels.dot4(q, b0, b1, b2, b3, count: dimension)
    }
}
