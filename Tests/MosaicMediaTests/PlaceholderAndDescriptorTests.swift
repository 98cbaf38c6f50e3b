import Foundation
import Testing
@testable import MosaicMedia

@Suite struct PlaceholderTests {
    /// Known answers from the reference encoder (PyPI `blurhash` 1.1.4, `encode(image, 4, 3)`) on the same
    /// 8×8 images.
    @Test func blurHashMatchesTheReferenceEncoder() {
        func grid(_ pixel: (Int, Int) -> [Float]) -> PixelGrid {
            var rgb: [Float] = []
            for y in 0..<8 { for x in 0..<8 { rgb += pixel(x, y) } }
            return PixelGrid(width: 8, height: 8, rgb: rgb)
        }
        #expect(BlurHash.encode(grid { x, y in [Float(x * 32), Float(y * 32), 128] }) == "LjF={s3Ba|xuuwRnfQnSf7fQfQfQ")
        #expect(BlurHash.encode(grid { _, _ in [255, 0, 0] }) == "LfTI:j|cfQ|c|csUfQsUfQfQfQfQ")
    }

    @Test func blurHashOfGradientHasNonFlatComponents() {
        let rgb = TestImages.colourful(width: 64, height: 64)
        let grid = rgb.withUnsafeBufferPointer { PixelGrid(downsampling: $0.baseAddress!, width: 64, height: 64, maxSide: 32) }
        let hash = BlurHash.encode(grid)
        #expect(hash.count == 28)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~")
        #expect(String(Array(hash)[6...7]) != String([alphabet[41], alphabet[26]]))
    }

    @Test func processedMediaCarriesPlaceholders() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestImages.jpegFile(rgb: TestImages.colourful(width: 500, height: 400), width: 500, height: 400, in: dir)
        let result = try await MediaPipeline().process(file: file, filter: "moon", into: dir.appendingPathComponent("m"))
        #expect(result.blurHash.count == 28)
        #expect(result.placeholderDataURL.hasPrefix("data:image/jpeg;base64,"))
        let payload = Data(base64Encoded: String(result.placeholderDataURL.dropFirst("data:image/jpeg;base64,".count)))
        let tiny = try #require(payload)
        #expect(tiny.count < 2000)
        let tinyFile = dir.appendingPathComponent("tiny.jpg")
        try tiny.write(to: tinyFile)
        let decoded = try ImageDecoder.decode(file: tinyFile.path)
        #expect(max(decoded.width, decoded.height) <= 32)
        #expect(result.descriptor.values.count == VisualDescriptor.length)
        // moon is greyscale, so the descriptor sees no chroma.
        #expect(result.descriptor.saturation < 0.02)
    }
}

@Suite struct DescriptorTests {
    let w = 96, h = 64

    func describe(_ rgb: [UInt8]) -> VisualDescriptor { VisualDescriptor.compute(rgb: rgb, width: w, height: h) }

    @Test func layoutAndHistogram() {
        let d = describe(TestImages.colourful(width: w, height: h))
        #expect(d.values.count == 42)
        #expect(abs(d.values[0..<20].reduce(0, +) - 1) < 1e-4)
        #expect(abs(d.values[39..<42].reduce(0, +) - 1) < 1e-4)
        #expect(d.values.allSatisfy { $0.isFinite && abs($0) <= 1.5 })
    }

    @Test func pureRedLandsInTheRedHueBin() {
        let d = describe(TestImages.uniform(width: w, height: h, 220, 20, 20))
        // Red in CIELAB: a* > 0, b* > 0 small angle → hue sector 0; L ≈ 48 → dark half.
        let hueBins = Array(d.values[4..<20])
        let top = hueBins.indices.max { hueBins[$0] < hueBins[$1] }!
        #expect(top / 2 == 0, "red fell in sector \(top / 2)")
        #expect(d.values[4..<20].reduce(0, +) > 0.99)
        #expect(d.saturation > 0.5)
        #expect(d.warmth > 0)
        #expect(d.values[30] > 0.4 && d.values[31] > 0.4)   // dominant colour is red
    }

    @Test func greyIsAchromaticAndOrdersByBrightness() {
        let dark = describe(TestImages.uniform(width: w, height: h, 30, 30, 30))
        let light = describe(TestImages.uniform(width: w, height: h, 230, 230, 230))
        #expect(dark.values[0] > 0.99 && light.values[3] > 0.99)
        #expect(light.brightness > dark.brightness + 0.5)
        #expect(dark.contrast < 0.01 && dark.edgeEnergy < 0.01 && dark.saturation < 0.01)
    }

    @Test func edgesAndTextureRiseWithDetail() {
        var checker = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h { for x in 0..<w where (x / 4 + y / 4) % 2 == 0 { for c in 0..<3 { checker[(y * w + x) * 3 + c] = 255 } } }
        let flat = describe(TestImages.uniform(width: w, height: h, 128, 128, 128))
        let busy = describe(checker)
        #expect(busy.edgeEnergy > flat.edgeEnergy + 0.1)
        #expect(busy.textureEnergy > flat.textureEnergy + 0.1)
        #expect(busy.contrast > 0.8)
    }

    @Test func deterministic() {
        let rgb = TestImages.colourful(width: w, height: h)
        #expect(describe(rgb) == describe(rgb))
    }

    /// k-means starts from the points a stable sort by lightness puts at the quantiles; the selection that
    /// replaced the sort must pick the very same points, ties (many equal lightnesses) included.
    @Test func lightnessQuantilesAreTheStableSortsPoints() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(state >> 33) % n)
        }
        for levels in [1, 3, 50, 100_000] {
            let points = (0..<4_096).map { _ in SIMD3<Float>(next(levels), next(1_000), next(1_000)) }
            let ranks = [0, 682, 2_048, 3_413, 4_095]
            let sorted = points.sorted { $0.x < $1.x }
            #expect(VisualDescriptor.lightnessQuantiles(points, ranks: ranks) == ranks.map { sorted[$0] }, "\(levels) levels")
        }
    }

    /// Whole sRGB values read the linear-light table; it must hold what the formula gives, and fractional
    /// values (averaged pixels) still take the formula.
    @Test func linearLightTableMatchesTheFormula() {
        for v in 0...255 { #expect(CIELAB.linearFast(Float(v)) == CIELAB.linear(Float(v))) }
        #expect(CIELAB.linearFast(127.5) == CIELAB.linear(127.5))
    }
}

@Suite struct WorkSlotTests {
    @Test func refusesBeyondSlotsPlusQueue() async {
        let slots = WorkSlots(slots: 1, queueLimit: 0)
        #expect(await slots.acquire())
        #expect(await slots.acquire() == false)
        slots.release()
        #expect(await slots.acquire())
        slots.release()
        #expect(slots.snapshot.running == 0)
    }

    @Test func queuedJobRunsWhenASlotFrees() async {
        let slots = WorkSlots(slots: 1, queueLimit: 1)
        #expect(await slots.acquire())
        let waiter = Task { await slots.acquire() }
        while slots.snapshot.waiting == 0 { await Task.yield() }
        #expect(await slots.acquire() == false)   // slot busy, queue full
        slots.release()                           // hands the slot to the waiter
        #expect(await waiter.value)
        #expect(slots.snapshot == (1, 0))
        slots.release()
    }

    @Test func pipelineAnswersOverloadedWhenFull() async throws {
        var configuration = MediaConfiguration()
        configuration.concurrentJobs = 1
        configuration.maxQueuedJobs = 0
        let pipeline = MediaPipeline(configuration: configuration)
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestImages.jpegFile(rgb: TestImages.colourful(width: 300, height: 300), width: 300, height: 300, in: dir)
        // Hold the only slot the way a long job would.
        #expect(await pipeline.slotsForTesting.acquire())
        await #expect(throws: MediaError.overloaded(retryAfterSeconds: 2)) {
            try await pipeline.process(file: file, filter: nil, into: dir.appendingPathComponent("o"))
        }
        pipeline.slotsForTesting.release()
        let result = try await pipeline.process(file: file, filter: nil, into: dir.appendingPathComponent("o"))
        #expect(result.width == 1080)
    }
}
