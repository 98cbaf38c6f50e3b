/// Row-wise L2 normalisation y = x/‖x‖. Tower outputs are normalised so dot products are cosines and the
/// softmax temperature alone sets their scale; this also lets the HNSW index use inner product safely.
public enum RowNormalization {
    public static func forward(_ x: Matrix) -> (output: Matrix, norms: [Float]) {
        var y = x
        var norms = [Float](repeating: 0, count: x.rows)
        y.values.withUnsafeMutableBufferPointer { p in
            for r in 0..<x.rows {
                let row = p.baseAddress! + r * x.columns
                let n = max(MatrixKernels.dot(row, row, x.columns).squareRoot(), 1e-6)
                norms[r] = n
                let inv = 1 / n
                for k in 0..<x.columns { row[k] *= inv }
            }
        }
        return (y, norms)
    }

    /// dx = (dy − y·(y·dy)) / ‖x‖
    public static func backward(output y: Matrix, norms: [Float], outputGradient dy: Matrix) -> Matrix {
        var dx = dy
        y.values.withUnsafeBufferPointer { py in
            dx.values.withUnsafeMutableBufferPointer { pd in
                for r in 0..<y.rows {
                    let yr = py.baseAddress! + r * y.columns, dr = pd.baseAddress! + r * y.columns
                    let proj = MatrixKernels.dot(yr, dr, y.columns)
                    let inv = 1 / norms[r]
                    for k in 0..<y.columns { dr[k] = (dr[k] - yr[k] * proj) * inv }
                }
            }
        }
        return dx
    }
}
