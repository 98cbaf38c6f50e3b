/// A lookup table of `rowCount × dimension` vectors. Examples read *bags* of rows (weighted sums:
/// one ID, the tokens of a caption, a user's history); only the rows a batch touched get gradients,
/// so a step costs O(touched rows), not O(table).
public struct EmbeddingTable: Sendable, Equatable {
    public let rowCount: Int
    public let dimension: Int
    public var values: [Float]

    public init(rowCount: Int, dimension: Int, scale: Float, random: inout TrainingRandom) {
        self.rowCount = rowCount
        self.dimension = dimension
        values = (0..<(rowCount * dimension)).map { _ in scale == 0 ? 0 : random.gaussian() * scale }
    }

    public init(rowCount: Int, dimension: Int, values: [Float]) {
        precondition(values.count == rowCount * dimension)
        self.rowCount = rowCount
        self.dimension = dimension
        self.values = values
    }

    /// Σ weight·row for each bag; empty bags give zero vectors.
    public func lookup(_ bags: EmbeddingBags) -> Matrix {
        var out = Matrix(rows: bags.count, columns: dimension)
        let d = dimension
        values.withUnsafeBufferPointer { table in
            out.values.withUnsafeMutableBufferPointer { o in
                bags.indices.withUnsafeBufferPointer { idx in
                    bags.weights.withUnsafeBufferPointer { w in
                        for b in 0..<bags.count {
                            let dst = o.baseAddress! + b * d
                            for e in bags.offsets[b]..<bags.offsets[b + 1] {
                                let r = Int(idx[e])
                                precondition(r >= 0 && r < rowCount, "embedding row \(r) out of 0..<\(rowCount)")
                                MatrixKernels.axpy(w[e], table.baseAddress! + r * d, dst, d)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Scatters the output gradient of `lookup(bags)` into a sparse gradient.
    public func backward(_ bags: EmbeddingBags, outputGradient: Matrix, into gradient: inout SparseGradient) {
        precondition(outputGradient.columns == dimension && outputGradient.rows == bags.count)
        outputGradient.values.withUnsafeBufferPointer { g in
            for b in 0..<bags.count {
                for e in bags.offsets[b]..<bags.offsets[b + 1] {
                    let slot = gradient.slot(for: Int(bags.indices[e]))
                    gradient.values.withUnsafeMutableBufferPointer { gv in
                        MatrixKernels.axpy(bags.weights[e], g.baseAddress! + b * dimension,
                                           gv.baseAddress! + slot * dimension, dimension)
                    }
                }
            }
        }
    }

    public func row(_ r: Int) -> ArraySlice<Float> { values[r * dimension ..< (r + 1) * dimension] }
}

/// A batch of bags in CSR layout: bag b is `indices[offsets[b]..<offsets[b+1]]` with matching weights.
public struct EmbeddingBags: Sendable {
    public var indices: [Int32] = []
    public var weights: [Float] = []
    public var offsets: [Int] = [0]

    public init() {}

    public var count: Int { offsets.count - 1 }

    /// Appends one bag; `mean` scales weights so the bag is an average (the usual choice for histories).
    public mutating func append(_ rows: some Collection<Int>, mean: Bool) {
        let w: Float = mean && !rows.isEmpty ? 1 / Float(rows.count) : 1
        for r in rows { indices.append(Int32(r)); weights.append(w) }
        offsets.append(indices.count)
    }

    public mutating func append(rows: [Int], weights ws: [Float]) {
        precondition(rows.count == ws.count)
        for (r, w) in zip(rows, ws) { indices.append(Int32(r)); weights.append(w) }
        offsets.append(indices.count)
    }
}

/// Gradient rows for the embedding rows a batch touched, in first-touch order (deterministic).
public struct SparseGradient: Sendable {
    public let dimension: Int
    public private(set) var rows: [Int] = []
    public var values: [Float] = []
    private var slots: [Int: Int] = [:]

    public init(dimension: Int) { self.dimension = dimension }

    mutating func slot(for row: Int) -> Int {
        if let s = slots[row] { return s }
        let s = rows.count
        slots[row] = s
        rows.append(row)
        values.append(contentsOf: repeatElement(0, count: dimension))
        return s
    }

    public mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
    }

    /// The gradient of one row (zero if untouched): for tests.
    public func gradient(ofRow row: Int) -> [Float] {
        guard let s = slots[row] else { return [Float](repeating: 0, count: dimension) }
        return Array(values[s * dimension ..< (s + 1) * dimension])
    }
}
