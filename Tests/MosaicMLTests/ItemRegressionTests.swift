import Testing
@testable import MosaicML

struct ItemRegressionTests {
    @Test func inverseTimesMatrixIsIdentity() {
        // A random symmetric positive-definite matrix: MᵀM + I.
        let n = 120
        var random = TrainingRandom(seed: 3)
        let m = (0..<(n * n)).map { _ in Double(random.unit()) - 0.5 }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += m[k * n + i] * m[k * n + j] } } }
        for i in 0..<n { a[i * n + i] += 1 }
        var inverse = a
        ItemRegression.invertInPlace(&inverse, n)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += a[i * n + k] * inverse[k * n + j] }
                worst = max(worst, abs(s - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-8)
    }

    @Test func recommendsWhatTheHistoryExplainsAndNeverItself() {
        // Items 0, 1, 2 are always engaged together; 3 and 4 together; 5 is alone.
        var histories: [[Int]] = Array(repeating: [0, 1, 2], count: 20) + Array(repeating: [3, 4], count: 20)
        histories.append([5])
        let r = ItemRegression(histories: histories, itemCount: 6, l2: 1)
        let s = r.scores(history: [0, 1])
        #expect(s[2] > 0.5)
        #expect(s[2] > s[3] && s[2] > s[4] && s[2] > s[5])
        // The diagonal is zero: an item alone does not recommend itself.
        #expect(r.scores(history: [5])[5] == 0)
    }
}
