import Foundation
import Testing
@testable import MosaicMedia

@Suite struct ResamplerTests {
    func buffer(_ rgb: [UInt8], width: Int, height: Int) -> RGBBuffer {
        let buffer = RGBBuffer(width: width, height: height)
        buffer.pointer.update(from: rgb, count: rgb.count)
        return buffer
    }

    func pixels(_ buffer: RGBBuffer) -> [UInt8] {
        Array(UnsafeBufferPointer(start: buffer.pointer, count: buffer.width * buffer.height * 3))
    }

    @Test(arguments: [(512, 512, 1080, 1080), (2000, 1500, 1440, 1080), (1080, 1080, 150, 150), (451, 300, 1624, 1080)])
    func uniformStaysExactlyUniform(from: Int, fromHeight: Int, to: Int, toHeight: Int) {
        let source = buffer(TestImages.uniform(width: from, height: fromHeight, 200, 40, 90), width: from, height: fromHeight)
        let out = Resampler.resize(source, width: to, height: toHeight)
        #expect(out.width == to && out.height == toHeight)
        let rgb = pixels(out)
        #expect(rgb == TestImages.uniform(width: to, height: toHeight, 200, 40, 90))
    }

    @Test func gradientStaysMonotoneAndInRange() {
        // Horizontal ramp 0…255: lanczos may ring at hard edges, but a smooth ramp must stay ordered.
        let w = 600, h = 40
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h { for x in 0..<w { for c in 0..<3 { rgb[(y * w + x) * 3 + c] = UInt8(x * 255 / (w - 1)) } } }
        for (tw, th) in [(250, 17), (1300, 90)] {
            let out = pixels(Resampler.resize(buffer(rgb, width: w, height: h), width: tw, height: th))
            let row = (0..<tw).map { Int(out[((th / 2) * tw + $0) * 3]) }
            #expect(zip(row, row.dropFirst()).allSatisfy { $0 <= $1 }, "\(tw)×\(th) not monotone")
            #expect(row.first! <= 2 && row.last! >= 253)
        }
    }

    @Test func weightsSumToOne() {
        for (input, output) in [(2000, 1440), (512, 1080), (320, 150), (7, 3)] {
            let taps = Resampler.Taps(input: input, output: output)
            for o in 0..<output {
                let fixed = (0..<taps.count[o]).map { taps.fixedWeights[o * taps.stride + $0] }.reduce(0, +)
                let real = (0..<taps.count[o]).map { taps.weights[o * taps.stride + $0] }.reduce(0, +)
                #expect(fixed == 1 << 14)
                #expect(abs(real - 1) < 1e-5)
                #expect(taps.first[o] >= 0 && taps.first[o] + taps.count[o] <= input)
            }
        }
    }
}

@Suite struct SquareCropTests {
    /// Grey, flat landscape with one saturated, detailed patch near the right edge: the attention crop
    /// (searched on the small grid) must frame the patch, not the centre.
    @Test func squareFollowsTheSalientRegion() async throws {
        let w = 3000, h = 1000
        var rgb = TestImages.uniform(width: w, height: h, 110, 110, 110)
        for y in 350..<650 {
            for x in 2550..<2850 {
                let i = (y * w + x) * 3
                let stripe = (x / 6 + y / 6) % 2 == 0
                rgb[i] = stripe ? 240 : 200; rgb[i + 1] = stripe ? 40 : 120; rgb[i + 2] = stripe ? 30 : 60
            }
        }
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestImages.jpegFile(rgb: rgb, width: w, height: h, in: dir)
        let result = try await MediaPipeline().process(file: file, filter: nil, into: dir.appendingPathComponent("m"))
        let square = try ImageDecoder.decode(file: result.variant(.square1080)!.path)
        #expect(square.width == 1080 && square.height == 1080)
        // The patch is 324 px wide in the 3240-wide base; a centred crop would contain none of it.
        let mean = TestImages.meanRGB(square.rgb)
        #expect(mean.x - mean.z > 10, "square crop missed the salient patch: mean \(mean)")
    }

    @Test func squareUploadStoresIdenticalFullAndSquare() async throws {
        let dir = TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TestImages.jpegFile(rgb: TestImages.colourful(width: 700, height: 700), width: 700,
                                           height: 700, in: dir)
        let result = try await MediaPipeline().process(file: file, filter: "juno", into: dir.appendingPathComponent("m"))
        let full = try Data(contentsOf: URL(fileURLWithPath: result.variant(.full)!.path))
        let square = try Data(contentsOf: URL(fileURLWithPath: result.variant(.square1080)!.path))
        #expect(full == square)
        #expect(result.width == 1080 && result.height == 1080)
    }
}
