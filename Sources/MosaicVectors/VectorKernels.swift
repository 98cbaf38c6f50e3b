/// SIMD distance kernels over raw Float32 rows.
///
/// Why raw pointers: the index keeps vectors inside its own node records and the trainer keeps them in flat
/// matrices; both hand the kernels a pointer, so the inner loop has no bounds checks, no retain/release and
/// no existential. Loads are unaligned (`loadUnaligned`), which costs nothing on x86-64 and AArch64 and lets
/// rows start anywhere.
///
/// Why `fma` below and not `addingProduct` everywhere: without a target CPU that has FMA (the default
/// x86-64 baseline), `addingProduct` lowers to a `fmaf` library call per lane, so the portable build multiplies
/// and adds; a build for a named CPU (`MOSAIC_TARGET_CPU`, which defines `MOSAIC_FMA`) fuses them.
/// Four independent accumulators hide the add latency.
public enum VectorKernels {
    /// Dot product of `count` floats.
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i &+ 32 <= count {
            let o = i &* 4
            s0 = fma(s0, pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                     pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            s1 = fma(s1, pa.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self),
                     pb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self))
            s2 = fma(s2, pa.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self),
                     pb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self))
            s3 = fma(s3, pa.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self),
                     pb.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self))
            i &+= 32
        }
        while i &+ 8 <= count {
            let o = i &* 4
            s0 = fma(s0, pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                     pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            i &+= 8
        }
        var result = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            result += a[i] * b[i]
            i &+= 1
        }
        return result
    }

    /// Squared Euclidean distance of `count` floats.
    @inlinable
    public static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i &+ 32 <= count {
            let o = i &* 4
            let d0 = pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d1 = pa.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
            let d2 = pa.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
            let d3 = pa.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
            s0 = fma(s0, d0, d0)
            s1 = fma(s1, d1, d1)
            s2 = fma(s2, d2, d2)
            s3 = fma(s3, d3, d3)
            i &+= 32
        }
        while i &+ 8 <= count {
            let o = i &* 4
            let d = pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s0 = fma(s0, d, d)
            i &+= 8
        }
        var result = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            let d = a[i] - b[i]
            result += d * d
            i &+= 1
        }
        return result
    }

    /// Squared Euclidean distances from `q` to four rows at once. Each 8-lane slice of the query is loaded
    /// once for four rows, and the four independent sums keep the adder busy: the HNSW search calls this on
    /// the fresh neighbours of a node, as FAISS does, instead of four `l2Squared` calls.
    @inlinable
    public static func l2Squared4(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                                  _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, count: Int) -> SIMD4<Float> {
        fourRows(q, b0, b1, b2, b3, count: count,
                 lanes: { s, x, b in let d = x - b; return fma(s, d, d) },
                 scalar: { x, b in let d = x - b; return d * d })
    }

    /// Dot products of `q` with four rows at once (see `l2Squared4`).
    @inlinable
    public static func dot4(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                            _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, count: Int) -> SIMD4<Float> {
        fourRows(q, b0, b1, b2, b3, count: count, lanes: { s, x, b in fma(s, x, b) }, scalar: { x, b in x * b })
    }

    /// The loop both four-row kernels share: `lanes(sum, query slice, row slice)` accumulates eight lanes,
    /// `scalar` one element of the tail. Always inlined, so the closures compile away.
    @inlinable @inline(__always)
    static func fourRows(_ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                         _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, count: Int,
                         lanes: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>,
                         scalar: (SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>) -> SIMD4<Float> {
        let pq = UnsafeRawPointer(q)
        let p0 = UnsafeRawPointer(b0), p1 = UnsafeRawPointer(b1), p2 = UnsafeRawPointer(b2), p3 = UnsafeRawPointer(b3)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            let o = i &* 4
            let x = pq.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s0 = lanes(s0, x, p0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            s1 = lanes(s1, x, p1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            s2 = lanes(s2, x, p2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            s3 = lanes(s3, x, p3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            i &+= 8
        }
        var r = SIMD4<Float>(s0.sum(), s1.sum(), s2.sum(), s3.sum())
        while i < count {
            r += scalar(SIMD4<Float>(repeating: q[i]), SIMD4<Float>(b0[i], b1[i], b2[i], b3[i]))
            i &+= 1
        }
        return r
    }

    /// Squared Euclidean norm.
    @inlinable
    public static func normSquared(_ a: UnsafePointer<Float>, count: Int) -> Float {
        dot(a, a, count: count)
    }

    /// Scales `a` in place to unit length; leaves the zero vector alone.
    @inlinable
    public static func normalize(_ a: UnsafeMutablePointer<Float>, count: Int) {
        let n = normSquared(a, count: count)
        guard n > 0 else { return }
        let scale = 1 / n.squareRoot()
        for i in 0..<count { a[i] *= scale }
    }

    /// Array conveniences (checked lengths) for callers outside hot loops.
    @inlinable
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dot: length mismatch \(a.count) vs \(b.count)")
        guard !a.isEmpty else { return 0 }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in dot(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    @inlinable
    public static func l2Squared(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "l2Squared: length mismatch \(a.count) vs \(b.count)")
        guard !a.isEmpty else { return 0 }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in l2Squared(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    /// A unit-length copy of `a` (the zero vector stays zero).
    @inlinable
    public static func normalized(_ a: [Float]) -> [Float] {
        var copy = a
        copy.withUnsafeMutableBufferPointer { p in
            if let base = p.baseAddress { normalize(base, count: p.count) }
        }
        return copy
    }

    /// `acc + a * b` per lane: one fused instruction when the build targets a CPU with FMA (`MOSAIC_FMA`, set
    /// with `MOSAIC_TARGET_CPU`), a multiply and an add on the portable baseline, where `addingProduct` would
    /// become a library call per lane.
    @inlinable @inline(__always)
    static func fma(_ acc: SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        #if MOSAIC_FMA
        return acc.addingProduct(a, b)
        #else
        return acc + a * b
        #endif
    }
}
