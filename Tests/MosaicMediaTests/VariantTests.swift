import Foundation
import Testing
@testable import MosaicMedia

@Suite struct VariantTests {
    let pipeline = MediaPipeline()

    @Test(arguments: [(1600, 1000), (900, 1400), (1080, 1080), (4000, 3000)])
    func variantSizesAreExactlyAsDocumented(width: Int, height: Int) async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestImages.jpegFile(rgb: TestImages.colourful(width: width, height: height), width: width,
                                           height: height, in: dir)
        let out = dir.appendingPathComponent("media")
        let result = try await pipeline.process(file: file, filter: nil, into: out)
        #expect(result.format == .jpeg)
        #expect(result.variants.map(\.variant) == MediaVariant.allCases)
        let fullHeight = Int((1080 * Double(height) / Double(width)).rounded())
        for stored in result.variants {
            let decoded = try ImageDecoder.decode(file: stored.path)
            let expected = stored.variant.isSquare ? (stored.variant.size, stored.variant.size) : (1080, fullHeight)
            #expect(decoded.width == expected.0 && decoded.height == expected.1, "\(stored.variant)")
            #expect(stored.width == decoded.width && stored.height == decoded.height)
            #expect(stored.path == out.appendingPathComponent(stored.variant.fileName).path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: stored.path)))
            #expect(stored.bytes == bytes.count)
            // Progressive JPEG: start-of-frame marker SOF2 (0xC2), not baseline SOF0.
            #expect(TestImages.jpegMarkers(bytes).contains(0xC2))
        }
        #expect(result.width == 1080 && result.height == fullHeight)
        // Atomic writes leave nothing but the final files.
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == MediaVariant.allCases.map(\.fileName).sorted())
    }

    @Test func noMetadataSurvivesFromAPhotoWithGPS() async throws {
        let source = [UInt8](try Data(contentsOf: TestImages.fixture("gps.jpg")))
        // The fixture really carries the data we must remove.
        #expect(TestImages.jpegMarkers(source).contains(0xE1))
        #expect(TestImages.contains(source, "MosaicTestCam"))
        #expect(TestImages.contains(source, "MosaicSecretXMP"))

        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await pipeline.process(file: TestImages.fixture("gps.jpg"), filter: "juno", into: dir)
        for stored in result.variants {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: stored.path)))
            let markers = TestImages.jpegMarkers(bytes)
            // APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC), COM: none may be present.
            for forbidden: UInt8 in [0xE1, 0xE2, 0xED, 0xFE] {
                #expect(!markers.contains(forbidden), "marker \(forbidden) in \(stored.variant)")
            }
            #expect(!TestImages.contains(bytes, "Exif"))
            #expect(!TestImages.contains(bytes, "MosaicTestCam"))
            #expect(!TestImages.contains(bytes, "MosaicSecretXMP"))
        }
    }

    @Test func orientationSixComesOutUpright() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await pipeline.process(file: TestImages.fixture("orientation6.jpg"), filter: nil, into: dir)
        // Stored 400×240 landscape; upright it is 240×400 portrait with red on top, blue below.
        #expect(result.sourceWidth == 240 && result.sourceHeight == 400)
        #expect(result.width == 1080 && result.height == 1800)
        let full = try ImageDecoder.decode(file: result.variant(.full)!.path)
        func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let i = (y * full.width + x) * 3
            return (Int(full.rgb[i]), Int(full.rgb[i + 1]), Int(full.rgb[i + 2]))
        }
        let top = pixel(full.width / 2, full.height / 8), bottom = pixel(full.width / 2, full.height * 7 / 8)
        #expect(top.0 > 180 && top.2 < 80, "top \(top)")
        #expect(bottom.2 > 180 && bottom.0 < 80, "bottom \(bottom)")
        let left = pixel(full.width / 8, full.height / 4), right = pixel(full.width * 7 / 8, full.height / 4)
        #expect(left.0 > 180 && right.0 > 180, "whole top half is red")
    }

    @Test func pngWithAlphaIsFlattenedOverWhite() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 300×300 RGBA PNG, fully transparent: written by libvips from a 4-band buffer.
        let png = dir.appendingPathComponent("alpha.png")
        try Data(PNGTestWriter.transparent(width: 300, height: 300)).write(to: png)
        let result = try await pipeline.process(file: png, filter: nil, into: dir.appendingPathComponent("out"))
        #expect(result.format == .png)
        let decoded = try ImageDecoder.decode(file: result.variant(.square150)!.path)
        let mean = TestImages.meanRGB(decoded.rgb)
        #expect(mean.x > 245 && mean.y > 245 && mean.z > 245)
    }

    @Test func inMemoryUploadAndEncoder() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jpeg = try JPEGEncoder.encode(rgb: TestImages.colourful(width: 640, height: 480), width: 640, height: 480)
        #expect(ImageFormat.sniff(Array(jpeg.prefix(32))) == .jpeg)
        let result = try await pipeline.process(encoded: jpeg, filter: "lark", into: dir)
        #expect(result.filter == "lark")
        #expect(result.width == 1080 && result.height == 810)
        #expect(throws: MediaError.self) { try JPEGEncoder.encode(rgb: [1, 2, 3], width: 2, height: 2) }
    }
}

/// Writes RGBA PNGs without a PNG library: stored (uncompressed) deflate blocks.
enum PNGTestWriter {
    static func transparent(width: Int, height: Int) -> [UInt8] {
        var raw: [UInt8] = []
        for _ in 0..<height {
            raw.append(0)
            for _ in 0..<width { raw += [200, 30, 30, 0] }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        while offset < raw.count {
            let n = min(65535, raw.count - offset)
            zlib.append(offset + n == raw.count ? 1 : 0)
            zlib += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            zlib += raw[offset..<(offset + n)]
            offset += n
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        zlib += bigEndian((b << 16) | a)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 6, 0, 0, 0])
        png += chunk("IDAT", zlib)
        png += chunk("IEND", [])
        return png
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return bigEndian(UInt32(body.count)) + typed + bigEndian(~crc)
    }
}
