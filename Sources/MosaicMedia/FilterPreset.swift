import Foundation

/// A named look: per-channel tone curves and brightness / contrast / saturation / warmth, baked into one 3-D
/// colour look-up table, then a vignette. Baking means the per-pixel cost is the same for every look,
/// however many adjustments it stacks.
public struct FilterPreset: Sendable, Equatable {
    /// Per-channel tone curve `lift + (gain − lift) · x^gamma`: lift raises (fades) blacks, gain caps
    /// whites, gamma bends mid-tones. Tinting shadows or highlights is a different lift/gain per channel.
    public struct ToneCurve: Sendable, Equatable {
        public var lift: SIMD3<Float>
        public var gamma: SIMD3<Float>
        public var gain: SIMD3<Float>
        public static let identity = ToneCurve(lift: .zero, gamma: .one, gain: .one)
        public init(lift: SIMD3<Float>, gamma: SIMD3<Float>, gain: SIMD3<Float>) {
            self.lift = lift; self.gamma = gamma; self.gain = gain
        }
    }

    public var name: String
    public var summary: String
    public var curve: ToneCurve
    /// Added to every channel (−1…1 of full scale).
    public var brightness: Float
    /// Slope around mid-grey: > 1 more contrast.
    public var contrast: Float
    /// 0 = greyscale, 1 = unchanged, > 1 more vivid (mixes away from Rec. 709 luma).
    public var saturation: Float
    /// Positive shifts red up and blue down by this fraction of full scale.
    public var warmth: Float
    /// Darkening of the corners, 0…1 (fraction of brightness removed at the very corner).
    public var vignette: Float

    public init(name: String, summary: String, curve: ToneCurve = .identity, brightness: Float = 0,
                contrast: Float = 1, saturation: Float = 1, warmth: Float = 0, vignette: Float = 0) {
        self.name = name; self.summary = summary; self.curve = curve; self.brightness = brightness
        self.contrast = contrast; self.saturation = saturation; self.warmth = warmth; self.vignette = vignette
    }

    /// The colour transform this preset bakes into its LUT (values 0…1).
    public func transform(_ input: SIMD3<Float>) -> SIMD3<Float> {
        var v = input
        for c in 0..<3 {
            v[c] = curve.lift[c] + (curve.gain[c] - curve.lift[c]) * pow(max(v[c], 0), curve.gamma[c])
        }
        v += SIMD3(repeating: brightness)
        v = (v - 0.5) * contrast + 0.5
        let luma = (v * SIMD3<Float>(0.2126, 0.7152, 0.0722)).sum()
        v = SIMD3(repeating: luma) + (v - SIMD3(repeating: luma)) * saturation
        v += SIMD3(warmth, 0, -warmth)
        return v.clamped(lowerBound: .zero, upperBound: .one)
    }

    /// The preset's 3-D LUT (17³ grid, tetrahedral interpolation).
    public var lookUpTable: ColorLUT { ColorLUT(gridSize: 17) { transform($0) } }

    /// Applies the look to interleaved 8-bit RGB pixels in place: LUT, then vignette.
    public func apply(toRGB pixels: inout [UInt8], width: Int, height: Int) {
        precondition(pixels.count == width * height * 3, "buffer is not width × height RGB")
        pixels.withUnsafeMutableBufferPointer { buffer in
            apply(to: buffer.baseAddress!, width: width, height: height)
        }
    }

    func apply(to pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int) {
        lookUpTable.apply(to: pixels, width: width, height: height, vignette: vignette)
    }

    /// Returns a filtered copy of a small image, e.g. for the client's filter strip.
    public func preview(rgb: [UInt8], width: Int, height: Int) -> [UInt8] {
        var copy = rgb
        apply(toRGB: &copy, width: width, height: height)
        return copy
    }
}

extension FilterPreset {
    private static func curve(lift: SIMD3<Float> = .zero, gamma: SIMD3<Float> = .one,
                              gain: SIMD3<Float> = .one) -> ToneCurve {
        ToneCurve(lift: lift, gamma: gamma, gain: gain)
    }

    public static let clarendon = FilterPreset(
        name: "clarendon", summary: "Punchy: more contrast and saturation, cool cyan shadows.",
        curve: curve(lift: SIMD3(0, 0.02, 0.05)), contrast: 1.2, saturation: 1.35, warmth: -0.02)
    public static let gingham = FilterPreset(
        name: "gingham", summary: "Soft vintage: faded blacks, lower contrast and saturation.",
        curve: curve(lift: SIMD3(0.10, 0.10, 0.09), gain: SIMD3(0.97, 0.97, 0.95)),
        brightness: 0.03, contrast: 0.85, saturation: 0.8, warmth: 0.02)
    public static let juno = FilterPreset(
        name: "juno", summary: "Warm and vivid, with a light vignette.",
        curve: curve(gamma: SIMD3(0.95, 1, 1.05)), contrast: 1.1, saturation: 1.25, warmth: 0.08, vignette: 0.15)
    public static let lark = FilterPreset(
        name: "lark", summary: "Bright and airy: lifted exposure, cool, slightly muted.",
        curve: curve(gamma: SIMD3(0.9, 0.88, 0.85)), brightness: 0.06, contrast: 0.95, saturation: 0.9,
        warmth: -0.03)
    public static let moon = FilterPreset(
        name: "moon", summary: "Black and white with strong contrast, faded blacks and a vignette.",
        curve: curve(lift: SIMD3(repeating: 0.05)), brightness: 0.03, contrast: 1.2, saturation: 0,
        vignette: 0.25)
    public static let valencia = FilterPreset(
        name: "valencia", summary: "Warm, faded, golden, with a vignette.",
        curve: curve(lift: SIMD3(0.06, 0.04, 0.02), gain: SIMD3(1, 0.98, 0.92)),
        contrast: 1.05, saturation: 1.05, warmth: 0.10, vignette: 0.2)
    public static let reyes = FilterPreset(
        name: "reyes", summary: "Dusty: strongly faded, bright, desaturated.",
        curve: curve(lift: SIMD3(0.16, 0.15, 0.14)), brightness: 0.05, contrast: 0.8, saturation: 0.65,
        warmth: 0.03)

    /// Every preset, in the order a client should show them.
    public static let all: [FilterPreset] = [clarendon, gingham, juno, lark, moon, valencia, reyes]
    public static var names: [String] { all.map(\.name) }

    /// Resolves an API `filter_id`: nil or "" or "normal" means no filter; an unknown name is an error.
    public static func named(_ name: String?) throws(MediaError) -> FilterPreset? {
        guard let name, !name.isEmpty, name != "normal" else { return nil }
        guard let preset = all.first(where: { $0.name == name }) else { throw .unknownFilter(name) }
        return preset
    }
}
