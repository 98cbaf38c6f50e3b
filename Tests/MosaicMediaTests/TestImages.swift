import Foundation
@testable import MosaicMedia

/// Images generated inside the tests, plus access to the committed fixtures.
enum TestImages {
    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }

    /// A fresh empty directory for one test's outputs.
    static func scratchDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mosaic-media-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Smooth colourful gradient with some texture: every hue and lightness appears.
    static func colourful(width: Int, height: Int) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                rgb[i] = UInt8(x * 255 / max(1, width - 1))
                rgb[i + 1] = UInt8(y * 255 / max(1, height - 1))
                rgb[i + 2] = UInt8(((x / 8 + y / 8) % 2) * 120 + 60)
            }
        }
        return rgb
    }

    static func uniform(width: Int, height: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) { rgb[i * 3] = r; rgb[i * 3 + 1] = g; rgb[i * 3 + 2] = b }
        return rgb
    }

    /// Writes a generated JPEG to a temporary file.
    static func jpegFile(rgb: [UInt8], width: Int, height: Int, in directory: URL,
                         name: String = "upload.bin") throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(JPEGEncoder.encode(rgb: rgb, width: width, height: height, quality: 92)).write(to: url)
        return url
    }

    static func meanRGB(_ rgb: [UInt8]) -> SIMD3<Double> {
        var sum = SIMD3<Double>.zero
        for i in stride(from: 0, to: rgb.count, by: 3) {
            sum += SIMD3(Double(rgb[i]), Double(rgb[i + 1]), Double(rgb[i + 2]))
        }
        return sum / Double(rgb.count / 3)
    }

    static func lumaStandardDeviation(_ rgb: [UInt8]) -> Double {
        var values: [Double] = []
        for i in stride(from: 0, to: rgb.count, by: 3) {
            values.append(0.2126 * Double(rgb[i]) + 0.7152 * Double(rgb[i + 1]) + 0.0722 * Double(rgb[i + 2]))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    /// Mean of |channel − luma| over pixels: 0 for a grey image.
    static func meanSaturation(_ rgb: [UInt8]) -> Double {
        var total = 0.0
        for i in stride(from: 0, to: rgb.count, by: 3) {
            let maxC = max(rgb[i], rgb[i + 1], rgb[i + 2]), minC = min(rgb[i], rgb[i + 1], rgb[i + 2])
            total += Double(maxC - minC)
        }
        return total / Double(rgb.count / 3)
    }

    /// JPEG marker segments (APPn, COM, …) before the image data: where EXIF, XMP, IPTC and ICC live.
    static func jpegMarkers(_ bytes: [UInt8]) -> [UInt8] {
        var markers: [UInt8] = []
        var i = 2
        while i + 4 <= bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            if marker == 0xDA { break }   // start of scan
            markers.append(marker)
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            i += 2 + length
        }
        return markers
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count else { return false }
        for start in 0...(haystack.count - n.count) where haystack[start] == n[0] {
            if Array(haystack[start..<(start + n.count)]) == n { return true }
        }
        return false
    }
}
