import Foundation
import Testing
@testable import MosaicMedia

@Suite struct ValidationTests {
    let pipeline = MediaPipeline()

    func refusal(_ file: URL, filter: String? = nil, pipeline: MediaPipeline? = nil) async -> MediaError? {
        let out = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        do {
            _ = try await (pipeline ?? self.pipeline).process(file: file, filter: filter, into: out)
            return nil
        } catch {
            // No half-written output may remain after a refusal.
            let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
            #expect(left.isEmpty, "files left after refusal: \(left)")
            return error
        }
    }

    @Test func truncatedJPEGIsCorrupt() async {
        let error = await refusal(TestImages.fixture("truncated.jpg"))
        #expect(error?.code == "corrupt_image")
        #expect(error?.httpStatus == 422)
    }

    @Test func pngClaimingTenGigapixelsIsRefusedFromTheHeader() async {
        // Were the 30 GB decoded, this test would crash or run out of memory instead of answering.
        let error = await refusal(TestImages.fixture("bomb.png"))
        guard case .imageTooLargePixels(let width, let height, _) = error else {
            Issue.record("expected image_too_large_pixels, got \(String(describing: error))")
            return
        }
        #expect(width == 100_000 && height == 100_000)
        #expect(error?.httpStatus == 422)
    }

    @Test func randomBytesNamedJPGAreUnsupported() async {
        let error = await refusal(TestImages.fixture("random.jpg"))
        #expect(error?.code == "unsupported_format")
        #expect(error?.httpStatus == 415)
    }

    @Test func emptyAndTextFilesAreUnsupported() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.png")
        let text = dir.appendingPathComponent("notes.jpg")
        try Data().write(to: empty)
        try Data("<html>hello</html>".utf8).write(to: text)
        #expect(await refusal(empty)?.code == "unsupported_format")
        #expect(await refusal(text)?.code == "unsupported_format")
    }

    @Test func thirtyOneMegabytesIsTooLarge() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.jpg")
        var bytes = [UInt8](repeating: 0, count: 31 * 1024 * 1024)
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF
        try Data(bytes).write(to: big)
        let error = await refusal(big)
        #expect(error == .fileTooLarge(bytes: 31 * 1024 * 1024, limit: 30 * 1024 * 1024))
        #expect(error?.httpStatus == 413)
    }

    @Test func tinyImageIsTooSmallButSmallImageIsUpscaled() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tiny = try TestImages.jpegFile(rgb: TestImages.colourful(width: 80, height: 60), width: 80, height: 60,
                                           in: dir, name: "tiny.jpg")
        #expect(await refusal(tiny) == .imageTooSmall(width: 80, height: 60, minimumShortSide: 100))

        let small = try TestImages.jpegFile(rgb: TestImages.colourful(width: 200, height: 150), width: 200,
                                            height: 150, in: dir, name: "small.jpg")
        let result = try await pipeline.process(file: small, filter: nil, into: dir.appendingPathComponent("out"))
        #expect(result.width == 1080 && result.height == 810)
        #expect(result.sourceWidth == 200 && result.sourceHeight == 150)
    }

    @Test func unknownFilterIsRefusedBeforeDecoding() async {
        let error = await refusal(TestImages.fixture("random.jpg"), filter: "sepia-deluxe")
        #expect(error == .unknownFilter("sepia-deluxe"))
        #expect(error?.httpStatus == 422)
    }

    @Test func errorCodesAndStatusesAreStable() {
        let table: [(MediaError, String, Int)] = [
            (.fileTooLarge(bytes: 2, limit: 1), "file_too_large", 413),
            (.unsupportedFormat("x"), "unsupported_format", 415),
            (.imageTooSmall(width: 1, height: 1, minimumShortSide: 100), "image_too_small", 422),
            (.imageTooLargePixels(width: 1, height: 1, limit: 0), "image_too_large_pixels", 422),
            (.corruptImage("x"), "corrupt_image", 422),
            (.unknownFilter("x"), "unknown_filter", 422),
            (.overloaded(retryAfterSeconds: 2), "overloaded", 503),
        ]
        for (error, code, status) in table {
            #expect(error.code == code)
            #expect(error.httpStatus == status)
            #expect(!error.message.isEmpty)
        }
        #expect(MediaError.overloaded(retryAfterSeconds: 2).retryAfterSeconds == 2)
    }

    @Test func formatsAreSniffedFromMagicBytes() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.sniff(Array("\u{0}\u{0}\u{0}\u{18}ftypheic".utf8)) == .heic)
        #expect(ImageFormat.sniff(Array("\u{0}\u{0}\u{0}\u{18}ftypavif".utf8)) == .avif)
        #expect(ImageFormat.sniff(Array("GIF89a".utf8)) == nil)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
    }
}
