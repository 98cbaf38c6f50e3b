import MosaicCore

/// An interleaved RGB8 image, row-major, `width × height × 3` bytes.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3)
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// Mean red, green and blue in 0...255.
    public var meanColor: SIMD3<Double> {
        var sum = SIMD3<UInt64>(0, 0, 0)
        pixels.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count { sum &+= SIMD3(UInt64(p[i]), UInt64(p[i + 1]), UInt64(p[i + 2])); i += 3 }
        }
        let n = Double(max(1, width * height))
        return SIMD3(Double(sum.x) / n, Double(sum.y) / n, Double(sum.z) / n)
    }
}

/// The description of a post's picture: a category's style made concrete by the post's own noise
/// (palette drawn inside the style's colour ranges, texture frequency, angle, composition, grain).
/// Rendering is deterministic, so the image itself need never be stored to be reproduced.
public struct ProceduralImage: Sendable, Equatable {
    /// Index into `InterestCategory.all`.
    public let category: Int
    public let seed: UInt64
    /// Background, primary, secondary and accent colours, components in 0...1.
    public let palette: [SIMD3<Float>]
    /// Texture scale (≈ features across the picture), 0...1 parameters for layout, and grain amplitude.
    public let frequency: Float
    public let angle: Float
    public let layout: SIMD2<Float>
    public let grain: Float

    public var categoryName: String { InterestCategory.all[category] }

    public init(category: Int, seed: UInt64) {
        precondition(InterestCategory.all.indices.contains(category))
        self.category = category
        self.seed = seed
        var rng = WorldRandom(seed: seed, stream: 0x5041_4C45) // "PALE"
        let style = ImageStyle.byCategory[category]
        palette = [style.background, style.primary, style.secondary, style.accent].map { Self.draw($0, &rng) }
        frequency = Float(3 + rng.unit() * 5)
        angle = Float(rng.unit() * 2 * Double.pi)
        layout = SIMD2(Float(0.35 + rng.unit() * 0.3), Float(0.35 + rng.unit() * 0.3))
        grain = Float(0.015 + rng.unit() * 0.03)
    }

    /// Renders the picture at any size; the composition scales with the image, so a 150 px thumbnail and the
    /// 1080 px original show the same thing.
    public func render(width: Int, height: Int) -> RGBImage {
        precondition(width > 0 && height > 0)
        return ImageRenderer(image: self).render(width: width, height: height)
    }

    static func draw(_ range: ImageStyle.HSVRange, _ rng: inout WorldRandom) -> SIMD3<Float> {
        var hue = range.hue + (Float(rng.unit()) * 2 - 1) * range.hueSpread
        hue = hue.truncatingRemainder(dividingBy: 360); if hue < 0 { hue += 360 }
        let s = range.saturation.lowerBound + Float(rng.unit()) * (range.saturation.upperBound - range.saturation.lowerBound)
        let v = range.value.lowerBound + Float(rng.unit()) * (range.value.upperBound - range.value.lowerBound)
        return hsvToRGB(hue, s, v)
    }

    static func hsvToRGB(_ h: Float, _ s: Float, _ v: Float) -> SIMD3<Float> {
        let c = v * s, hp = h / 60
        let x = c * (1 - abs(hp.truncatingRemainder(dividingBy: 2) - 1))
        let rgb: SIMD3<Float>
        switch Int(hp) {
        case 0: rgb = SIMD3(c, x, 0)
        case 1: rgb = SIMD3(x, c, 0)
        case 2: rgb = SIMD3(0, c, x)
        case 3: rgb = SIMD3(0, x, c)
        case 4: rgb = SIMD3(x, 0, c)
        default: rgb = SIMD3(c, 0, x)
        }
        return rgb + SIMD3(repeating: v - c)
    }
}
