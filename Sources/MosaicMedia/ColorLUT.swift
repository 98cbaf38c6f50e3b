import Dispatch

/// A 3-D colour look-up table over 8-bit RGB: a `gridSize`³ lattice of output colours, interpolated
/// tetrahedrally (4 lattice points per pixel instead of trilinear's 8, and exact on the grey axis, so a
/// greyscale LUT gives exactly equal channels). Entries are fixed point (value · 16) so the inner loop is
/// integer-only.
public struct ColorLUT: Sendable {
    public let gridSize: Int
    /// `((r · n + g) · n + b) · 3 + channel`, each 0…4080 (value · 16).
    let table: [Int32]
    /// Per 8-bit input value: lower lattice index and the fraction above it (0…256).
    let index: [Int32]
    let fraction: [Int32]

    public init(gridSize: Int, transform: (SIMD3<Float>) -> SIMD3<Float>) {
        precondition(gridSize >= 2 && gridSize <= 65)
        self.gridSize = gridSize
        let step = 1 / Float(gridSize - 1)
        var table = [Int32](repeating: 0, count: gridSize * gridSize * gridSize * 3)
        var slot = 0
        for r in 0..<gridSize {
            for g in 0..<gridSize {
                for b in 0..<gridSize {
                    let out = transform(SIMD3(Float(r) * step, Float(g) * step, Float(b) * step))
                    for c in 0..<3 {
                        table[slot + c] = Int32((min(max(out[c], 0), 1) * 255 * 16).rounded())
                    }
                    slot += 3
                }
            }
        }
        self.table = table
        var index = [Int32](repeating: 0, count: 256)
        var fraction = [Int32](repeating: 0, count: 256)
        for v in 0..<256 {
            let position = Float(v) * Float(gridSize - 1) / 255
            let lower = min(Int(position), gridSize - 2)
            index[v] = Int32(lower)
            fraction[v] = Int32(((position - Float(lower)) * 256).rounded())
        }
        self.index = index
        self.fraction = fraction
    }

    /// Maps interleaved RGB pixels in place and, when `vignette` > 0, darkens towards the corners:
    /// factor `1 − vignette · t²`, `t` rising from 0 at half the corner distance to 1 at the corner.
    /// Rows are split across cores.
    func apply(to pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int, vignette: Float) {
        guard width > 0, height > 0 else { return }
        // Squared normalised distance from the centre, separable: corner = 1.
        var dx2 = [Float](repeating: 0, count: width)
        var dy2 = [Float](repeating: 0, count: height)
        for x in 0..<width { let d = (Float(x) + 0.5) / Float(width) - 0.5; dx2[x] = d * d * 2 }
        for y in 0..<height { let d = (Float(y) + 0.5) / Float(height) - 0.5; dy2[y] = d * d * 2 }
        let chunks = min(height, 16)
        let address = UInt(bitPattern: pixels)
        table.withUnsafeBufferPointer { lut in
            index.withUnsafeBufferPointer { idx in
                fraction.withUnsafeBufferPointer { frac in
                    dx2.withUnsafeBufferPointer { dx in
                        dy2.withUnsafeBufferPointer { dy in
                            let context = LUTKernel(lut: lut, index: idx, fraction: frac, dx2: dx, dy2: dy,
                                                    gridSize: gridSize, width: width, vignette: vignette)
                            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                                let rows = (chunk * height / chunks)..<((chunk + 1) * height / chunks)
                                let base = UnsafeMutablePointer<UInt8>(bitPattern: address)!
                                context.run(rows: rows, pixels: base)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The inner loop, kept free of generics and reference counting.
private struct LUTKernel: @unchecked Sendable {
    let lut: UnsafeBufferPointer<Int32>
    let index: UnsafeBufferPointer<Int32>
    let fraction: UnsafeBufferPointer<Int32>
    let dx2: UnsafeBufferPointer<Float>
    let dy2: UnsafeBufferPointer<Float>
    let gridSize: Int
    let width: Int
    let vignette: Float

    @inline(__always)
    func run(rows: Range<Int>, pixels: UnsafeMutablePointer<UInt8>) {
        let n = gridSize
        let strideR = n * n * 3, strideG = n * 3, strideB = 3
        let lut = self.lut.baseAddress!
        // Lattice offsets of the tetrahedron's second and third vertices by comparison code
        // (fr ≥ fg) · 4 + (fg ≥ fb) · 2 + (fr ≥ fb); codes 1 and 6 cannot occur.
        let edges = UnsafeMutablePointer<Int>.allocate(capacity: 16)
        defer { edges.deallocate() }
        let firstEdge = edges, secondEdge = edges + 8
        for (code, offsets) in [(strideB, strideG + strideB), (0, 0), (strideG, strideG + strideB),
                                (strideG, strideR + strideG), (strideB, strideR + strideB),
                                (strideR, strideR + strideB), (0, 0), (strideR, strideR + strideG)].enumerated() {
            firstEdge[code] = offsets.0
            secondEdge[code] = offsets.1
        }
        let useVignette = vignette > 0
        for y in rows {
            var p = pixels + y * width * 3
            let rowD = dy2[y]
            for x in 0..<width {
                let r = Int(p[0]), g = Int(p[1]), b = Int(p[2])
                let fr = fraction[r], fg = fraction[g], fb = fraction[b]
                let c000 = Int(index[r]) * strideR + Int(index[g]) * strideG + Int(index[b]) * strideB
                // The tetrahedron containing the point: walk the cube's edges in descending fraction order;
                // weights are the differences between successive sorted fractions. Chosen without branches
                // (photographs make the comparisons unpredictable): ties give zero-weight vertices, so any
                // tetrahedron sharing the face is exact.
                let code = (fr >= fg ? 4 : 0) | (fg >= fb ? 2 : 0) | (fr >= fb ? 1 : 0)
                let o1 = firstEdge[code], o2 = secondEdge[code]
                let high = max(fr, fg, fb), low = min(fr, fg, fb), middle = fr + fg + fb - high - low
                let w0 = 256 - high, w1 = high - middle, w2 = middle - low, w3 = low
                let a = lut + c000, b1 = lut + c000 + o1, b2 = lut + c000 + o2
                let d = lut + c000 + strideR + strideG + strideB
                var outR = a[0] &* w0 &+ b1[0] &* w1 &+ b2[0] &* w2 &+ d[0] &* w3
                var outG = a[1] &* w0 &+ b1[1] &* w1 &+ b2[1] &* w2 &+ d[1] &* w3
                var outB = a[2] &* w0 &+ b1[2] &* w1 &+ b2[2] &* w2 &+ d[2] &* w3
                if useVignette {
                    let d2 = dx2[x] + rowD
                    let t = min(max((d2 - 0.25) * (1 / 0.75), 0), 1)
                    let factor = Int32((1 - vignette * t * t) * 256)
                    outR = (outR >> 8) * factor
                    outG = (outG >> 8) * factor
                    outB = (outB >> 8) * factor
                }
                // value · 16 · 256 → 8-bit, rounded.
                p[0] = UInt8(truncatingIfNeeded: min((outR + 2048) >> 12, 255))
                p[1] = UInt8(truncatingIfNeeded: min((outG + 2048) >> 12, 255))
                p[2] = UInt8(truncatingIfNeeded: min((outB + 2048) >> 12, 255))
                p += 3
            }
        }
    }
}
