/// A row-major batch of vectors: one example per row. Contiguous `[Float]` storage so every kernel walks
/// memory linearly and the compiler can vectorise the inner loops.
public struct Matrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "matrix \(rows)×\(columns) needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    @inlinable public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row copied out (for callers outside hot loops).
    public func row(_ index: Int) -> [Float] {
        Array(values[index * columns ..< (index + 1) * columns])
    }

    /// Side-by-side concatenation: the tower inputs are built from several feature blocks.
    public static func concatenate(_ blocks: [Matrix]) -> Matrix {
        guard let first = blocks.first else { return Matrix(rows: 0, columns: 0) }
        let total = blocks.reduce(0) { $0 + $1.columns }
        var out = Matrix(rows: first.rows, columns: total)
        out.values.withUnsafeMutableBufferPointer { o in
            var offset = 0
            for block in blocks {
                precondition(block.rows == first.rows)
                block.values.withUnsafeBufferPointer { b in
                    for r in 0..<block.rows {
                        let dst = o.baseAddress! + r * total + offset
                        let src = b.baseAddress! + r * block.columns
                        dst.update(from: src, count: block.columns)
                    }
                }
                offset += block.columns
            }
        }
        return out
    }

    /// Columns `range` of every row: the inverse of `concatenate` for gradients.
    public func columns(_ range: Range<Int>) -> Matrix {
        var out = Matrix(rows: rows, columns: range.count)
        values.withUnsafeBufferPointer { s in
            out.values.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows {
                    (o.baseAddress! + r * range.count).update(from: s.baseAddress! + r * columns + range.lowerBound,
                                                              count: range.count)
                }
            }
        }
        return out
    }
}
