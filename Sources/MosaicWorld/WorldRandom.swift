/// The world's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Worlds must be identical for the same seed on every machine and toolchain, so nothing here uses the
/// standard library's random APIs (whose algorithms may change) or `SystemRandomNumberGenerator`.
/// Each stage and each entity derives its own stream with `WorldRandom(seed:stream:)`, so adding draws to one
/// stage never shifts the numbers another stage sees.
public struct WorldRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        s0 = WorldHash.splitMix(&sm); s1 = WorldHash.splitMix(&sm)
        s2 = WorldHash.splitMix(&sm); s3 = WorldHash.splitMix(&sm)
    }

    /// An independent stream for `stream` (a stage tag, an entity index, …) under the world seed.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: WorldHash.mix(seed, stream))
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [0, 1) with 24 bits: enough for Bernoulli draws and alias tables.
    @inline(__always)
    public mutating func unitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in 0..<n (Lemire's multiply-shift; the tiny bias for n ≪ 2⁶⁴ does not matter here).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller, one value per call: simplicity over the second value).
    public mutating func normal() -> Double {
        let u1 = 1 - unit(), u2 = unit()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    public mutating func exponential(mean: Double = 1) -> Double { -_log(1 - unit()) * mean }

    public mutating func logNormal(mu: Double, sigma: Double) -> Double { _exp(mu + sigma * normal()) }

    /// Pareto with minimum `xm` and tail index `alpha` (heavier tail for smaller alpha).
    public mutating func pareto(xm: Double, alpha: Double) -> Double { xm * _pow(1 - unit(), -1 / alpha) }

    /// Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the boost u^(1/shape).
    public mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * _pow(1 - unit(), 1 / shape) }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if _log(u) < 0.5 * x * x + d * (1 - v + _log(v)) { return d * v }
        }
    }

    /// Poisson; exact (Knuth) for small means, rounded normal approximation above 30.
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = _exp(-mean)
        var k = 0, p = unit()
        while p > limit { k += 1; p *= unit() }
        return k
    }

    /// Picks an element of a non-empty array uniformly.
    @inline(__always)
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Fisher–Yates, so that shuffles do not depend on the standard library's algorithm.
    public mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            let j = below(i + 1)
            items.swapAt(i, j)
            i -= 1
        }
    }
}

/// Stateless mixing for per-entity seeds (a post's caption, an image's noise) derived from indices.
public enum WorldHash {
    @inline(__always)
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var s = a ^ (b &* 0xD6E8_FEB8_6659_FD93)
        return splitMix(&s)
    }

    /// Uniform in [0, 1) from a hash value.
    @inline(__always)
    public static func unit(_ h: UInt64) -> Double { Double(h >> 11) * 0x1p-53 }
}
