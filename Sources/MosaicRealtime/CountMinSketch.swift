/// A count-min sketch: `depth` rows of `width` 32-bit counters in one contiguous array, each row indexed by its
/// own hash of the key. An estimate is the minimum over rows, never below the true count; with conservative
/// update (raise only the counters that are at the minimum) it is much tighter under skew.
///
/// Memory is `4·width·depth` bytes whatever the number of keys, which is why trend detection can count every
/// post's engagements per minute: 2,048 × 4 counters (32 KB) keep the error below a few counts per minute at
/// this service's rates. Width must be a power of two (index by mask).
public struct CountMinSketch: Sendable, Equatable {
    public let width: Int
    public let depth: Int
    /// Row-major: row r is `counters[r*width ..< (r+1)*width]`.
    public private(set) var counters: [UInt32]
    /// Sum of all counts added (for the εN error bound: estimate ≤ true + (e/width)·total with high probability).
    public private(set) var total: UInt64 = 0
    private let seed: UInt64

    public init(width: Int = 2048, depth: Int = 4, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        precondition(width >= 8 && width & (width - 1) == 0, "width must be a power of two ≥ 8")
        precondition(depth >= 1 && depth <= 16)
        self.width = width
        self.depth = depth
        self.seed = seed
        counters = [UInt32](repeating: 0, count: width * depth)
    }

    /// The murmur3 finaliser: a cheap full-avalanche mix, so sequential IDs spread over all columns.
    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// Row indices by double hashing (h1 + r·h2): one mix per key instead of one per row.
    @inline(__always)
    private static func column(_ h1: UInt64, _ h2: UInt64, row: Int, mask: Int) -> Int {
        Int(truncatingIfNeeded: h1 &+ UInt64(row) &* h2) & mask
    }

    @inline(__always)
    private func hashes(_ key: UInt64) -> (UInt64, UInt64) {
        let h = Self.mix(key ^ seed)
        return (h, Self.mix(h) | 1)
    }

    /// Adds `count` occurrences with conservative update and returns the key's new estimate.
    @discardableResult
    public mutating func add(_ key: UInt64, count: UInt32 = 1) -> UInt32 {
        let (h1, h2) = hashes(key)
        let w = width, d = depth
        total &+= UInt64(count)
        return counters.withUnsafeMutableBufferPointer { c in
            var least = UInt32.max
            for r in 0..<d { least = min(least, c[r * w + Self.column(h1, h2, row: r, mask: w - 1)]) }
            let target = least &+ count < least ? UInt32.max : least + count
            for r in 0..<d {
                let i = r * w + Self.column(h1, h2, row: r, mask: w - 1)
                if c[i] < target { c[i] = target }
            }
            return target
        }
    }

    /// An upper bound on the key's count (exact when no other key collides in some row).
    public func estimate(_ key: UInt64) -> UInt32 {
        let (h1, h2) = hashes(key)
        let w = width, d = depth
        return counters.withUnsafeBufferPointer { c in
            var least = UInt32.max
            for r in 0..<d { least = min(least, c[r * w + Self.column(h1, h2, row: r, mask: w - 1)]) }
            return least
        }
    }

    /// Adds another sketch of the same shape and seed counter by counter (8 lanes at a time): the sketch of
    /// the union of both streams, e.g. shards or minutes combined into one window.
    public mutating func merge(_ other: CountMinSketch) {
        precondition(width == other.width && depth == other.depth && seed == other.seed, "sketch shapes differ")
        total &+= other.total
        let n = counters.count
        counters.withUnsafeMutableBufferPointer { dst in
            other.counters.withUnsafeBufferPointer { src in
                let d = UnsafeMutableRawPointer(dst.baseAddress!), s = UnsafeRawPointer(src.baseAddress!)
                var i = 0
                while i + 8 <= n {
                    let a = d.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
                    let b = s.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
                    let sum = a &+ b
                    // Saturate instead of wrapping: a wrapped counter would under-estimate.
                    d.storeBytes(of: sum.replacing(with: .max, where: sum .< a), toByteOffset: i * 4, as: SIMD8<UInt32>.self)
                    i += 8
                }
                while i < n { dst[i] = dst[i].addingReportingOverflow(src[i]).overflow ? .max : dst[i] &+ src[i]; i += 1 }
            }
        }
    }

    public mutating func reset() {
        counters.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        total = 0
    }

    func write(to w: inout ByteWriter) {
        w.u32(UInt32(width)); w.u32(UInt32(depth)); w.u64(seed); w.u64(total); w.u32s(counters)
    }

    init(reading r: inout ByteReader) throws {
        width = Int(try r.u32()); depth = Int(try r.u32()); seed = try r.u64(); total = try r.u64()
        counters = try r.u32s()
        guard width >= 8, width & (width - 1) == 0, counters.count == width * depth else {
            throw DecodingFailure("bad sketch shape")
        }
    }
}
