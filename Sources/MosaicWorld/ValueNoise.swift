/// Smooth 2-D value noise on a 64 × 64 wrapping lattice, and its fractal sum: the raw material of the
/// procedural textures. Lattice values come from the image's seed, so every post has its own pattern.
struct ValueNoise {
    static let size = 64
    static let mask = size - 1
    private(set) var lattice: [Float]

    init(seed: UInt64) {
        var rng = WorldRandom(seed: seed, stream: 0x4E4F_4953) // "NOIS"
        lattice = (0..<(Self.size * Self.size)).map { _ in rng.unitFloat() }
    }

    /// Noise in 0...1 at (x, y) in lattice units, with smoothstep interpolation.
    @inline(__always)
    static func sample(_ lattice: UnsafeBufferPointer<Float>, _ x: Float, _ y: Float) -> Float {
        let xf = _floorf(x), yf = _floorf(y)
        let x0 = Int(xf) & mask, y0 = Int(yf) & mask
        let x1 = (x0 + 1) & mask, y1 = (y0 + 1) & mask
        var tx = x - xf, ty = y - yf
        tx = tx * tx * (3 - 2 * tx); ty = ty * ty * (3 - 2 * ty)
        let a = lattice[y0 << 6 | x0], b = lattice[y0 << 6 | x1]
        let c = lattice[y1 << 6 | x0], d = lattice[y1 << 6 | x1]
        let top = a + (b - a) * tx, bottom = c + (d - c) * tx
        return top + (bottom - top) * ty
    }

    /// Fractal sum of `octaves` octaves (each twice the frequency, half the amplitude), normalised to 0...1.
    @inline(__always)
    static func fbm(_ lattice: UnsafeBufferPointer<Float>, _ x: Float, _ y: Float, octaves: Int) -> Float {
        var sum: Float = 0, amplitude: Float = 1, norm: Float = 0, fx = x, fy = y
        for _ in 0..<octaves {
            sum += amplitude * sample(lattice, fx, fy)
            norm += amplitude
            amplitude *= 0.5; fx = fx * 2 + 17.3; fy = fy * 2 + 5.1
        }
        return sum / norm
    }
}
