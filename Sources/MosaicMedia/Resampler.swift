import Dispatch
import Foundation

/// Separable lanczos3 resampling of interleaved 8-bit RGB.
///
/// Why not libvips: the installed libvips (8.14) resamples 8-bit images with a scalar horizontal reducer and
/// upsizes through a generic 4 × 4 affine interpolator; profiling `mosaic bench media` put 30–40 % of the
/// pipeline's CPU there. Here the vertical pass is a multiply-add over whole rows in `Float`, which the
/// compiler vectorises (baseline x86-64, SSE2, has no 32-bit integer multiply), and the scalar horizontal
/// pass, in fixed point, runs on whichever side has fewer rows. Filter and edges follow the usual
/// definition: support 3 input pixels, widened by the reduction factor when shrinking, weights normalised
/// to 1 per output pixel, edges clamped.
enum Resampler {
    /// The contributions of input pixels to each output pixel along one axis.
    struct Taps {
        /// First input index per output index.
        var first: [Int]
        /// Number of contributing inputs per output index.
        var count: [Int]
        /// `stride` weights per output index (unused ones zero), summing to 1.
        var weights: [Float]
        /// The same in 14-bit fixed point, summing to exactly `1 << 14`.
        var fixedWeights: [Int32]
        var stride: Int

        init(input: Int, output: Int) {
            let scale = Double(input) / Double(output)
            let filterScale = max(scale, 1)
            let support = 3 * filterScale
            stride = Int(support.rounded(.up)) * 2 + 1
            first = [Int](repeating: 0, count: output)
            count = [Int](repeating: 0, count: output)
            weights = [Float](repeating: 0, count: output * stride)
            fixedWeights = [Int32](repeating: 0, count: output * stride)
            var real = [Double](repeating: 0, count: stride)
            for o in 0..<output {
                let centre = (Double(o) + 0.5) * scale
                let lower = max(0, Int((centre - support).rounded(.down)))
                let upper = min(input, Int((centre + support).rounded(.up)))
                let n = min(stride, upper - lower)
                var sum = 0.0
                for k in 0..<n {
                    real[k] = Resampler.lanczos3((Double(lower + k) + 0.5 - centre) / filterScale)
                    sum += real[k]
                }
                var total: Int32 = 0, largest = 0
                for k in 0..<n {
                    weights[o * stride + k] = Float(real[k] / sum)
                    fixedWeights[o * stride + k] = Int32((real[k] / sum * 16384).rounded())
                    total += fixedWeights[o * stride + k]
                    if abs(real[k]) > abs(real[largest]) { largest = k }
                }
                fixedWeights[o * stride + largest] += 16384 - total
                first[o] = lower
                count[o] = n
            }
        }
    }

    static func lanczos3(_ x: Double) -> Double {
        if x == 0 { return 1 }
        guard abs(x) < 3 else { return 0 }
        let px = Double.pi * x
        return 3 * sin(px) * sin(px / 3) / (px * px)
    }

    /// Resamples `source` (`width` × `height`) to a new `outWidth` × `outHeight` buffer. The scalar
    /// horizontal pass runs on the fewer rows: after the vertical pass when shrinking, before it when
    /// enlarging.
    static func resize(_ source: RGBBuffer, width outWidth: Int, height outHeight: Int) -> RGBBuffer {
        func vertical(_ image: RGBBuffer) -> RGBBuffer {
            guard image.height != outHeight else { return image }
            let result = RGBBuffer(width: image.width, height: outHeight)
            resizeVertically(image, into: result, taps: Taps(input: image.height, output: outHeight))
            return result
        }
        func horizontal(_ image: RGBBuffer) -> RGBBuffer {
            guard image.width != outWidth else { return image }
            let result = RGBBuffer(width: outWidth, height: image.height)
            resizeHorizontally(image, into: result, taps: Taps(input: image.width, output: outWidth))
            return result
        }
        return source.height < outHeight ? vertical(horizontal(source)) : horizontal(vertical(source))
    }

    /// 0…255 rounded to nearest, without a trapping conversion so loops vectorise: adding 1.5 · 2²³ puts
    /// the rounded integer in the low mantissa bits.
    @inline(__always)
    private static func byte(_ v: Float) -> UInt8 {
        UInt8(truncatingIfNeeded: (min(max(v, 0), 255) + 12_582_912).bitPattern)
    }

    /// Each output row is a weighted sum of whole input rows (the inner loops vectorise).
    private static func resizeVertically(_ source: RGBBuffer, into target: RGBBuffer, taps: Taps) {
        let rowLength = source.width * 3
        let work = Work(source: source.pointer, target: target.pointer)
        parallelRows(target.height) { rows in
            let sum = UnsafeMutablePointer<Float>.allocate(capacity: rowLength)
            defer { sum.deallocate() }
            for y in rows {
                sum.initialize(repeating: 0, count: rowLength)
                for k in 0..<taps.count[y] {
                    let w = taps.weights[y * taps.stride + k]
                    let row = work.source + (taps.first[y] + k) * rowLength
                    for i in 0..<rowLength { sum[i] += w * Float(row[i]) }
                }
                let out = work.target + y * rowLength
                for i in 0..<rowLength { out[i] = byte(sum[i]) }
            }
        }
    }

    /// Each output pixel is a weighted sum of neighbouring input pixels, in fixed point (scalar integer
    /// arithmetic beats scalar float conversions here).
    private static func resizeHorizontally(_ source: RGBBuffer, into target: RGBBuffer, taps: Taps) {
        let inRow = source.width * 3, outWidth = target.width
        let work = Work(source: source.pointer, target: target.pointer)
        parallelRows(target.height) { rows in
            taps.fixedWeights.withUnsafeBufferPointer { weights in
                for y in rows {
                    let row = work.source + y * inRow
                    var out = work.target + y * outWidth * 3
                    for x in 0..<outWidth {
                        var r: Int32 = 1 << 13, g = r, b = r
                        var p = row + taps.first[x] * 3
                        var w = weights.baseAddress! + x * taps.stride
                        for _ in 0..<taps.count[x] {
                            r &+= w[0] &* Int32(p[0])
                            g &+= w[0] &* Int32(p[1])
                            b &+= w[0] &* Int32(p[2])
                            p += 3
                            w += 1
                        }
                        out[0] = UInt8(truncatingIfNeeded: min(max(r >> 14, 0), 255))
                        out[1] = UInt8(truncatingIfNeeded: min(max(g >> 14, 0), 255))
                        out[2] = UInt8(truncatingIfNeeded: min(max(b >> 14, 0), 255))
                        out += 3
                    }
                }
            }
        }
    }

    /// Splits `count` rows into a few chunks run on the machine's cores.
    private static func parallelRows(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = min(count, 8)
        guard chunks > 1 else { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body((chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }

    /// Raw buffers shared by the row chunks, which write disjoint rows.
    private struct Work: @unchecked Sendable {
        let source: UnsafeMutablePointer<UInt8>
        let target: UnsafeMutablePointer<UInt8>
    }
}
