import Testing
import MosaicVectors

@Suite struct VectorKernelsTests {
    @Test func kernelsMatchScalarReference() {
        var rng = SplitMix64(seed: 3)
        for n in [0, 1, 3, 7, 8, 9, 31, 32, 33, 64, 100, 128, 129, 256, 300] {
            let a = (0..<n).map { _ in Float(rng.nextGaussian()) }
            let b = (0..<n).map { _ in Float(rng.nextGaussian()) }
            var dot = 0.0, l2 = 0.0
            for i in 0..<n {
                dot += Double(a[i]) * Double(b[i])
                l2 += Double(a[i] - b[i]) * Double(a[i] - b[i])
            }
            #expect(abs(Double(VectorKernels.dot(a, b)) - dot) <= 1e-4 * max(1, abs(dot)), "dot n=\(n)")
            #expect(abs(Double(VectorKernels.l2Squared(a, b)) - l2) <= 1e-4 * max(1, l2), "l2 n=\(n)")
        }
    }

    /// The four-row kernels the search uses give each row's single-row result.
    @Test func fourRowKernelsMatchSingleRow() {
        var rng = SplitMix64(seed: 5)
        for n in [1, 7, 8, 9, 64, 100, 128, 131, 256] {
            let q = (0..<n).map { _ in Float(rng.nextGaussian()) }
            let rows = (0..<4).map { _ in (0..<n).map { _ in Float(rng.nextGaussian()) } }
            q.withUnsafeBufferPointer { pq in
                rows[0].withUnsafeBufferPointer { r0 in
                    rows[1].withUnsafeBufferPointer { r1 in
                        rows[2].withUnsafeBufferPointer { r2 in
                            rows[3].withUnsafeBufferPointer { r3 in
                                let l2 = VectorKernels.l2Squared4(pq.baseAddress!, r0.baseAddress!, r1.baseAddress!,
                                                                  r2.baseAddress!, r3.baseAddress!, count: n)
                                let dot = VectorKernels.dot4(pq.baseAddress!, r0.baseAddress!, r1.baseAddress!,
                                                             r2.baseAddress!, r3.baseAddress!, count: n)
                                for j in 0..<4 {
                                    let l2One = VectorKernels.l2Squared(q, rows[j]), dotOne = VectorKernels.dot(q, rows[j])
                                    #expect(abs(l2[j] - l2One) <= 1e-4 * max(1, l2One), "l2 n=\(n) row \(j)")
                                    #expect(abs(dot[j] - dotOne) <= 1e-4 * max(1, abs(dotOne)), "dot n=\(n) row \(j)")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func normalizeGivesUnitLength() {
        let v = VectorKernels.normalized([3, 4, 0, 0, 0, 0, 0, 0, 0, 12])
        #expect(abs(VectorKernels.dot(v, v) - 1) < 1e-6)
        #expect(VectorKernels.normalized([0, 0, 0]) == [0, 0, 0])
    }

    @Test func metricDistances() {
        let a: [Float] = [1, 0, 0, 0], b: [Float] = [0, 1, 0, 0]
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                #expect(DistanceMetric.l2.distance(pa.baseAddress!, pb.baseAddress!, dimension: 4) == 2)
                #expect(DistanceMetric.innerProduct.distance(pa.baseAddress!, pb.baseAddress!, dimension: 4) == 1)
                #expect(DistanceMetric.innerProduct.distance(pa.baseAddress!, pa.baseAddress!, dimension: 4) == 0)
            }
        }
    }
}
