/// SIMD distance kernels over raw Float32 rows.
///
/// Why raw pointers: the index keeps vectors inside its own node records and the trainer keeps them in flat
/// matrices; both hand the kernels a pointer, so the inner loop has no bounds checks, no retain/release and
/// no existential. Loads are unaligned (`loadUnaligned`), which costs nothing on x86-64 and AArch64 and lets
/// rows start anywhere.
///
/// Why multiply then add instead of `addingProduct`: without a target CPU that has FMA (the default
/// x86-64 baseline), `addingProduct` lowers to a `fmaf` library call per lane. Separate multiply and add
/// vectorise on every baseline; with `-target-cpu haswell` or newer LLVM still uses 256-bit registers.
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
            s0 += pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                * pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s1 += pa.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
                * pb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
            s2 += pa.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
                * pb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
            s3 += pa.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
                * pb.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
            i &+= 32
        }
        while i &+ 8 <= count {
            let o = i &* 4
            s0 += pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                * pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
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
            s0 += d0 * d0
            s1 += d1 * d1
            s2 += d2 * d2
            s3 += d3 * d3
            i &+= 32
        }
        while i &+ 8 <= count {
            let o = i &* 4
            let d = pa.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                - pb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s0 += d * d
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
}
