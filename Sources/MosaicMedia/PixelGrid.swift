/// A small RGB image in memory, made by area-averaging a large one: descriptors and BlurHash need a few
/// thousand representative pixels, not millions.
struct PixelGrid {
    let width: Int
    let height: Int
    /// Interleaved RGB, 0…255 as Float.
    var rgb: [Float]

    init(width: Int, height: Int, rgb: [Float]) { self.width = width; self.height = height; self.rgb = rgb }

    /// Box-averages `source` (interleaved 8-bit RGB) into at most `maxSide` × `maxSide`, keeping the aspect.
    init(downsampling source: UnsafePointer<UInt8>, width: Int, height: Int, maxSide: Int) {
        let scale = max(1, Double(max(width, height)) / Double(maxSide))
        let outW = max(1, Int((Double(width) / scale).rounded()))
        let outH = max(1, Int((Double(height) / scale).rounded()))
        var sums = [UInt32](repeating: 0, count: outW * outH * 3)
        var counts = [UInt32](repeating: 0, count: outW * outH)
        var columnOf = [Int](repeating: 0, count: width)
        for x in 0..<width { columnOf[x] = min(outW - 1, x * outW / width) }
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for y in 0..<height {
                    let oy = min(outH - 1, y * outH / height)
                    var p = source + y * width * 3
                    let rowBase = oy * outW
                    for x in 0..<width {
                        let cell = rowBase + columnOf[x]
                        sums[cell * 3] &+= UInt32(p[0])
                        sums[cell * 3 + 1] &+= UInt32(p[1])
                        sums[cell * 3 + 2] &+= UInt32(p[2])
                        counts[cell] &+= 1
                        p += 3
                    }
                }
            }
        }
        var rgb = [Float](repeating: 0, count: outW * outH * 3)
        for cell in 0..<(outW * outH) {
            let n = Float(max(counts[cell], 1))
            for c in 0..<3 { rgb[cell * 3 + c] = Float(sums[cell * 3 + c]) / n }
        }
        self.init(width: outW, height: outH, rgb: rgb)
    }

    /// Resamples this grid to `w` × `h` by area averaging (nearest cell when enlarging).
    func resized(width w: Int, height h: Int) -> PixelGrid {
        var out = [Float](repeating: 0, count: w * h * 3)
        for oy in 0..<h {
            let y0 = oy * height / h, y1 = max(y0 + 1, (oy + 1) * height / h)
            for ox in 0..<w {
                let x0 = ox * width / w, x1 = max(x0 + 1, (ox + 1) * width / w)
                var sum = SIMD3<Float>.zero
                for y in y0..<y1 {
                    for x in x0..<x1 {
                        let i = (y * width + x) * 3
                        sum += SIMD3(rgb[i], rgb[i + 1], rgb[i + 2])
                    }
                }
                let mean = sum / Float((y1 - y0) * (x1 - x0))
                let o = (oy * w + ox) * 3
                out[o] = mean.x; out[o + 1] = mean.y; out[o + 2] = mean.z
            }
        }
        return PixelGrid(width: w, height: h, rgb: out)
    }

    /// The grid as interleaved 8-bit RGB, rounded.
    var bytes: [UInt8] { rgb.map { UInt8(min(max($0.rounded(), 0), 255)) } }

    /// The grid as an sRGB libvips image.
    func vipsImage() throws(MediaError) -> VipsImageRef {
        try VipsImageRef(copying: bytes, width: width, height: height)
    }

    func pixel(_ x: Int, _ y: Int) -> SIMD3<Float> {
        let i = (y * width + x) * 3
        return SIMD3(rgb[i], rgb[i + 1], rgb[i + 2])
    }
}
