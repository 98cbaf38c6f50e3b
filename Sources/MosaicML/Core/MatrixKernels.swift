import Dispatch

/// The few dense kernels training needs, written over unsafe pointers so the inner loops are plain
/// contiguous multiply-adds the optimiser turns into SIMD. Large products are split by rows across cores;
/// each core writes disjoint output rows, so no synchronisation is needed and results are deterministic.
/// (Private to MosaicML; MosaicVectors' kernels serve the index, these serve training.)
enum MatrixKernels {
    /// Work (multiply-adds) below which threading costs more than it saves.
    static let parallelThreshold = 1 << 16
    static let cores = 2

    /// Runs `body` over `0..<count` in contiguous chunks, on several cores when `work` is large.
    @inline(__always)
    static func forChunks(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        if work < parallelThreshold || count < 2 {
            body(0..<count)
            return
        }
        let chunks = min(cores, count)
        withoutActuallyEscaping(body) { escapable in
            // Each chunk writes disjoint rows of the caller's buffers: safe to share across cores.
            nonisolated(unsafe) let body = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                body(lo..<hi)
            }
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            acc += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// y += alpha · x
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] += alpha * x[i] }
    }

    /// C[m×n] = A[m×k] · B[k×n] (+ bias[n] when given).
    static func multiply(_ a: Matrix, _ b: Matrix, bias: [Float]? = nil) -> Matrix {
        precondition(a.columns == b.rows)
        let m = a.rows, k = a.columns, n = b.columns
        var c = Matrix(rows: m, columns: n)
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                    forChunks(m, work: m * k * n) { rows in
                        for i in rows {
                            let ci = C + i * n
                            if let bias { bias.withUnsafeBufferPointer { ci.update(from: $0.baseAddress!, count: n) } }
                            for p in 0..<k {
                                let av = A[i * k + p]
                                if av != 0 { axpy(av, B + p * n, ci, n) }
                            }
                        }
                    }
                }
            }
        }
        return c
    }

    /// C[m×n] = A[m×k] · B[n×k]ᵀ: logits between two sets of vectors, and input gradients of a dense layer.
    static func multiplyTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns)
        let m = a.rows, k = a.columns, n = b.rows
        var c = Matrix(rows: m, columns: n)
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                    forChunks(m, work: m * k * n) { rows in
                        for i in rows {
                            for j in 0..<n { C[i * n + j] = dot(A + i * k, B + j * k, k) }
                        }
                    }
                }
            }
        }
        return c
    }

    /// C[k×n] += A[m×k]ᵀ · B[m×n]: weight gradients. Split over C's rows, so cores never share output.
    static func accumulateTransposedProduct(_ a: Matrix, _ b: Matrix, into c: inout [Float]) {
        precondition(a.rows == b.rows && c.count == a.columns * b.columns)
        let m = a.rows, k = a.columns, n = b.columns
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                    forChunks(k, work: m * k * n) { ps in
                        for i in 0..<m {
                            let bi = B + i * n
                            for p in ps {
                                let av = A[i * k + p]
                                if av != 0 { axpy(av, bi, C + p * n, n) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Column sums of A into c (bias gradients).
    static func accumulateColumnSums(_ a: Matrix, into c: inout [Float]) {
        precondition(c.count == a.columns)
        a.values.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                for i in 0..<a.rows { axpy(1, pa.baseAddress! + i * a.columns, pc.baseAddress!, a.columns) }
            }
        }
    }
}
