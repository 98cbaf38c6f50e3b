import Foundation
import MosaicCore

/// A compact description of how an image looks, computed once at upload from the filtered pixels (what
/// viewers actually see) and fed to the Explore item tower. Every value is roughly in 0…1 (a*/b* in −1…1),
/// so it can be concatenated with learned features without rescaling.
///
/// Layout (`VisualDescriptor.length` = 42 floats):
///
/// | range   | content |
/// |---------|---------|
/// | 0..<4   | achromatic pixels (CIELAB chroma < 12) by lightness quartile, fraction of all pixels |
/// | 4..<20  | chromatic pixels by hue (8 sectors of 45° of the a*b* angle, starting at a*+ = red) × lightness (dark L < 50, light L ≥ 50), index 4 + hue·2 + light; the 20 bins sum to 1 |
/// | 20      | mean L / 100 (brightness) |
/// | 21      | std-dev of L / 50 (global contrast) |
/// | 22      | mean chroma / 100 (saturation) |
/// | 23      | std-dev of chroma / 50 |
/// | 24      | colourfulness (Hasler–Süsstrunk on sRGB) / 150 |
/// | 25      | mean b* / 64 (warm > 0, cool < 0) |
/// | 26      | edge energy: mean Sobel magnitude of L / 100 |
/// | 27      | edge density: fraction of pixels with Sobel magnitude > 20 L-units |
/// | 28      | texture energy: mean absolute Laplacian of L / 50 |
/// | 29      | orientation balance: horizontal / (horizontal + vertical) gradient energy (0.5 = isotropic) |
/// | 30..<39 | three dominant colours (k-means in CIELAB), each (L/100, a*/128, b*/128), largest cluster first |
/// | 39..<42 | their pixel shares |
///
/// Computed on a 64-pixel (long side) area-averaged copy, so it costs well under a millisecond.
public struct VisualDescriptor: Sendable, Equatable {
    public static let length = 42
    public static let sampleSide = 64
    public var values: [Float]

    public init(values: [Float]) {
        precondition(values.count == Self.length)
        self.values = values
    }

    public var brightness: Float { values[20] }
    public var contrast: Float { values[21] }
    public var saturation: Float { values[22] }
    public var warmth: Float { values[25] }
    public var edgeEnergy: Float { values[26] }
    public var textureEnergy: Float { values[28] }

    /// Describes interleaved 8-bit RGB pixels.
    public static func compute(rgb: [UInt8], width: Int, height: Int) -> VisualDescriptor {
        precondition(rgb.count == width * height * 3)
        return rgb.withUnsafeBufferPointer {
            compute(PixelGrid(downsampling: $0.baseAddress!, width: width, height: height, maxSide: sampleSide))
        }
    }

    static func compute(_ grid: PixelGrid) -> VisualDescriptor {
        let count = grid.width * grid.height
        var lab = [SIMD3<Float>](repeating: .zero, count: count)
        for i in 0..<count { lab[i] = CIELAB.fromSRGB(grid.pixel(i % grid.width, i / grid.width)) }
        var v = [Float](repeating: 0, count: length)

        // Histogram and colour statistics.
        var sumL: Float = 0, sumL2: Float = 0, sumC: Float = 0, sumC2: Float = 0, sumB: Float = 0
        for p in lab {
            let chroma = (p.y * p.y + p.z * p.z).squareRoot()
            sumL += p.x; sumL2 += p.x * p.x; sumC += chroma; sumC2 += chroma * chroma; sumB += p.z
            if chroma < 12 {
                v[min(3, Int(p.x / 25))] += 1
            } else {
                var angle = atan2(p.z, p.y)
                if angle < 0 { angle += 2 * .pi }
                let hue = min(7, Int(angle / (.pi / 4)))
                v[4 + hue * 2 + (p.x >= 50 ? 1 : 0)] += 1
            }
        }
        let n = Float(count)
        for k in 0..<20 { v[k] /= n }
        let meanL = sumL / n, meanC = sumC / n
        v[20] = meanL / 100
        v[21] = max(0, sumL2 / n - meanL * meanL).squareRoot() / 50
        v[22] = meanC / 100
        v[23] = max(0, sumC2 / n - meanC * meanC).squareRoot() / 50
        v[24] = colourfulness(grid) / 150
        v[25] = sumB / n / 64

        // Edges and texture on L.
        let w = grid.width, h = grid.height
        if w >= 3 && h >= 3 {
            var magnitudeSum: Float = 0, strong: Float = 0, laplacianSum: Float = 0
            var horizontal: Float = 0, vertical: Float = 0
            func L(_ x: Int, _ y: Int) -> Float { lab[y * w + x].x }
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let gx = (L(x + 1, y - 1) + 2 * L(x + 1, y) + L(x + 1, y + 1))
                        - (L(x - 1, y - 1) + 2 * L(x - 1, y) + L(x - 1, y + 1))
                    let gy = (L(x - 1, y + 1) + 2 * L(x, y + 1) + L(x + 1, y + 1))
                        - (L(x - 1, y - 1) + 2 * L(x, y - 1) + L(x + 1, y - 1))
                    let magnitude = (gx * gx + gy * gy).squareRoot() / 4
                    magnitudeSum += magnitude
                    if magnitude > 20 { strong += 1 }
                    horizontal += gx * gx; vertical += gy * gy
                    laplacianSum += abs(L(x + 1, y) + L(x - 1, y) + L(x, y + 1) + L(x, y - 1) - 4 * L(x, y))
                }
            }
            let inner = Float((w - 2) * (h - 2))
            v[26] = magnitudeSum / inner / 100
            v[27] = strong / inner
            v[28] = laplacianSum / inner / 50
            v[29] = horizontal + vertical > 0 ? horizontal / (horizontal + vertical) : 0.5
        } else {
            v[29] = 0.5
        }

        // Dominant colours.
        for (k, cluster) in dominantColours(lab, clusters: 3).enumerated() {
            v[30 + k * 3] = cluster.centre.x / 100
            v[31 + k * 3] = cluster.centre.y / 128
            v[32 + k * 3] = cluster.centre.z / 128
            v[39 + k] = cluster.share
        }
        return VisualDescriptor(values: v)
    }

    /// The points a stable sort by lightness (`points.sorted { $0.x < $1.x }`) would put at `ranks`, without
    /// sorting the points (which took a third of a descriptor's time): the lightness at a rank is selected from
    /// the bare values, and among points of equal lightness the stable order is their input order.
    static func lightnessQuantiles(_ points: [SIMD3<Float>], ranks: [Int]) -> [SIMD3<Float>] {
        var lightness = [Float](repeating: 0, count: points.count)
        for i in points.indices { lightness[i] = points[i].x }
        return ranks.map { rank in
            let value = selectRank(rank, in: &lightness)
            var skip = rank
            for p in points where p.x < value { skip -= 1 }   // the darker points come first
            for p in points where p.x == value {
                if skip == 0 { return p }
                skip -= 1
            }
            preconditionFailure("rank \(rank) not among the points")
        }
    }

    /// The value at `rank` of `values` in ascending order (`Selection.partition`); reorders `values`.
    static func selectRank(_ rank: Int, in values: inout [Float]) -> Float {
        values.withUnsafeMutableBufferPointer { v in
            Selection.partition(rank, in: v)
            return v[rank]
        }
    }

    /// Hasler & Süsstrunk (2003): spread and mean of the opponent channels rg and yb.
    private static func colourfulness(_ grid: PixelGrid) -> Float {
        let count = grid.width * grid.height
        var sumRG: Float = 0, sumRG2: Float = 0, sumYB: Float = 0, sumYB2: Float = 0
        for i in 0..<count {
            let p = grid.pixel(i % grid.width, i / grid.width)
            let rg = p.x - p.y, yb = 0.5 * (p.x + p.y) - p.z
            sumRG += rg; sumRG2 += rg * rg; sumYB += yb; sumYB2 += yb * yb
        }
        let n = Float(count)
        let mRG = sumRG / n, mYB = sumYB / n
        let sRG = max(0, sumRG2 / n - mRG * mRG), sYB = max(0, sumYB2 / n - mYB * mYB)
        return (sRG + sYB).squareRoot() + 0.3 * (mRG * mRG + mYB * mYB).squareRoot()
    }

    /// k-means with a deterministic start (lightness quantiles), so equal images give equal descriptors.
    private static func dominantColours(_ points: [SIMD3<Float>], clusters k: Int)
        -> [(centre: SIMD3<Float>, share: Float)] {
        var centres = lightnessQuantiles(points, ranks: (0..<k).map { min(points.count - 1, (2 * $0 + 1) * points.count / (2 * k)) })
        var assignment = [Int](repeating: 0, count: points.count)
        for _ in 0..<8 {
            var sums = [SIMD3<Float>](repeating: .zero, count: k)
            var counts = [Float](repeating: 0, count: k)
            for (i, p) in points.enumerated() {
                var best = 0, bestDistance = Float.infinity
                for (c, centre) in centres.enumerated() {
                    let d = p - centre
                    let distance = (d * d).sum()
                    if distance < bestDistance { bestDistance = distance; best = c }
                }
                assignment[i] = best
                sums[best] += p; counts[best] += 1
            }
            for c in 0..<k where counts[c] > 0 { centres[c] = sums[c] / counts[c] }
        }
        var counts = [Float](repeating: 0, count: k)
        for a in assignment { counts[a] += 1 }
        return (0..<k).map { (centres[$0], counts[$0] / Float(points.count)) }
            .sorted { $0.share > $1.share }
    }
}

/// sRGB (D65) to CIE L*a*b*.
enum CIELAB {
    /// sRGB component (0…255) to linear light.
    static func linear(_ v: Float) -> Float {
        let c = v / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    /// `linear` of every whole value 0…255: most pixels are whole (an image at or under the sample size is
    /// not averaged), and `pow` was a tenth of a descriptor's time.
    static let linearOfByte: [Float] = (0...255).map { linear(Float($0)) }

    @inline(__always)
    static func linearFast(_ v: Float) -> Float {
        if v >= 0 && v <= 255, let whole = Int(exactly: v) { return linearOfByte[whole] }
        return linear(v)
    }

    static func fromSRGB(_ rgb: SIMD3<Float>) -> SIMD3<Float> {
        let r = linearFast(rgb.x), g = linearFast(rgb.y), b = linearFast(rgb.z)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Float) -> Float { t > 0.008856 ? cbrt(t) : 7.787 * t + 16 / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        return SIMD3(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }
}
