import Foundation

/// Item-to-item cosine similarity of co-engagement ("people who engaged with this also engaged with…"),
/// a candidate source and ranking feature beside the two towers. Dense `items × items` storage, so it is
/// meant for catalogues up to a few tens of thousands of items (the offline evaluation); each user's
/// contribution is capped at their `historyCap` most recent items to bound the quadratic cost.
public struct ItemCooccurrence: Sendable {
    public let itemCount: Int
    let similarity: [Float]

    public init(index: EngagementIndex, itemCount: Int, historyCap: Int = 300) {
        self.itemCount = itemCount
        var counts = [Float](repeating: 0, count: itemCount * itemCount)
        var degree = [Float](repeating: 0, count: itemCount)
        for h in index.histories {
            let items = Array(Set(h.suffix(historyCap))).sorted()
            for a in items { degree[a] += 1 }
            counts.withUnsafeMutableBufferPointer { c in
                for a in items { for b in items where b != a { c[a * itemCount + b] += 1 } }
            }
        }
        for a in 0..<itemCount where degree[a] > 0 {
            for b in 0..<itemCount where counts[a * itemCount + b] > 0 {
                counts[a * itemCount + b] /= (degree[a] * degree[b]).squareRoot()
            }
        }
        similarity = counts
    }

    /// Σ over the user's history of sim(h, j), for every item j.
    public func scores(history: [Int]) -> [Float] {
        MatrixKernels.sumOfRows(similarity, columns: itemCount, rows: history)
    }

    /// max over the user's history of sim(h, j).
    public func maxSimilarity(history: [Int], item: Int) -> Float {
        var m: Float = 0
        for h in history where h < itemCount { m = max(m, similarity[h * itemCount + item]) }
        return m
    }
}

extension MatrixKernels {
    /// Σ of the given (distinct) rows of a row-major `? × columns` matrix: an item-to-item model's scores
    /// for a history.
    static func sumOfRows(_ matrix: [Float], columns: Int, rows: [Int]) -> [Float] {
        var s = [Float](repeating: 0, count: columns)
        matrix.withUnsafeBufferPointer { m in
            s.withUnsafeMutableBufferPointer { out in
                for r in Set(rows) where r < columns { axpy(1, m.baseAddress! + r * columns, out.baseAddress!, columns) }
            }
        }
        return s
    }
}
