import Dispatch

/// Item-to-item linear regression in closed form (Steck's EASE, "Embarrassingly Shallow Autoencoders",
/// WWW 2019): each item's engagement is predicted from the user's other engagements with weights
/// `B = I − P · diag(1/diag P)`, `P = (XᵀX + λI)⁻¹`, diagonal forced to zero. Unlike co-engagement cosine it
/// learns which neighbours explain each other away, and it is a strong candidate source on small dense
/// catalogues. The inverse is `items³` work in `Double` and the weights are `items²` floats, so it is meant
/// for catalogues up to a few thousand items (`mosaic eval` skips it above `OfflineEvaluation.Options`'s
/// `regressionItemLimit`).
public struct ItemRegression: Sendable {
    public let itemCount: Int
    public let l2: Double
    /// Row `h` holds the weights item `h` of a history gives every item.
    let weights: [Float]

    public init(histories: [[Int]], itemCount n: Int, l2: Double) {
        itemCount = n
        self.l2 = l2
        var gram = [Double](repeating: 0, count: n * n)
        for h in histories {
            let items = Array(Set(h)).filter { $0 < n }.sorted()
            for a in items { for b in items { gram[a * n + b] += 1 } }
        }
        for i in 0..<n { gram[i * n + i] += l2 }
        Self.invertInPlace(&gram, n)
        var w = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j { w[i * n + j] = Float(-gram[i * n + j] / gram[j * n + j]) }
        }
        weights = w
    }

    /// Σ over the user's (distinct) history of B[h, j], for every item j.
    public func scores(history: [Int]) -> [Float] {
        MatrixKernels.sumOfRows(weights, columns: itemCount, rows: history)
    }

    /// Gauss–Jordan inversion of a symmetric positive-definite matrix (no pivoting needed), rows split across
    /// cores for each pivot.
    static func invertInPlace(_ a: inout [Double], _ n: Int) {
        a.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let m = buffer.baseAddress!
            for k in 0..<n {
                nonisolated(unsafe) let pivotRow = m + k * n
                let inverse = 1 / pivotRow[k]
                pivotRow[k] = 1
                for j in 0..<n { pivotRow[j] *= inverse }
                let chunks = n >= 100 ? MatrixKernels.cores : 1
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in (n * c / chunks)..<(n * (c + 1) / chunks) where i != k {
                        let row = m + i * n
                        let f = row[k]
                        if f == 0 { continue }
                        row[k] = 0
                        for j in 0..<n { row[j] -= f * pivotRow[j] }
                    }
                }
            }
        }
    }
}
