/// A dense row-major matrix of Float32 vectors in one contiguous buffer: datasets, query sets, embedding
/// tables. A value type (copy-on-write through its array), so it is `Sendable` and cheap to pass around.
public struct VectorMatrix: Sendable, Equatable {
    public let dimension: Int
    public private(set) var storage: [Float]

    public var count: Int { dimension == 0 ? 0 : storage.count / dimension }

    public init(dimension: Int) {
        precondition(dimension > 0, "VectorMatrix: dimension must be positive")
        self.dimension = dimension
        self.storage = []
    }

    /// Wraps `storage` (row-major, `storage.count` a multiple of `dimension`).
    public init(dimension: Int, storage: [Float]) {
        precondition(dimension > 0 && storage.count % dimension == 0, "VectorMatrix: ragged storage")
        self.dimension = dimension
        self.storage = storage
    }

    /// `count` rows filled by `row(i, buffer)`.
    public init(count: Int, dimension: Int, fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(dimension > 0 && count >= 0)
        self.dimension = dimension
        self.storage = [Float](unsafeUninitializedCapacity: count * dimension) { buffer, initialized in
            buffer.initialize(repeating: 0)
            for i in 0..<count {
                fill(i, UnsafeMutableBufferPointer(rebasing: buffer[(i * dimension)..<((i + 1) * dimension)]))
            }
            initialized = count * dimension
        }
    }

    public mutating func reserveCapacity(_ rows: Int) { storage.reserveCapacity(rows * dimension) }

    public mutating func append(_ vector: [Float]) {
        precondition(vector.count == dimension, "VectorMatrix: expected \(dimension) values, got \(vector.count)")
        storage.append(contentsOf: vector)
    }

    public subscript(row: Int) -> [Float] {
        precondition(row >= 0 && row < count, "VectorMatrix: row \(row) out of range")
        return Array(storage[(row * dimension)..<((row + 1) * dimension)])
    }

    /// Calls `body` with a pointer to row `row`, valid only inside `body`.
    @inlinable
    public func withRow<R>(_ row: Int, _ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        precondition(row >= 0 && row < count, "VectorMatrix: row \(row) out of range")
        return try storage.withUnsafeBufferPointer { try body($0.baseAddress! + row * dimension) }
    }

    /// Calls `body` with a pointer to the first row (nil when empty).
    @inlinable
    public func withUnsafeRows<R>(_ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body($0.baseAddress) }
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> VectorMatrix {
        VectorMatrix(dimension: dimension, storage: Array(storage[(range.lowerBound * dimension)..<(range.upperBound * dimension)]))
    }

    /// Every row scaled to unit length (for cosine data).
    public func normalizedRows() -> VectorMatrix {
        var copy = self
        let d = dimension
        copy.storage.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for r in 0..<(p.count / d) { VectorKernels.normalize(base + r * d, count: d) }
        }
        return copy
    }
}
