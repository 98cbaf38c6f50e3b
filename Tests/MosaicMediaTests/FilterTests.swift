import Testing
@testable import MosaicMedia

@Suite struct FilterTests {
    let w = 120, h = 90

    func filtered(_ preset: FilterPreset, _ rgb: [UInt8]) -> [UInt8] {
        preset.preview(rgb: rgb, width: w, height: h)
    }

    @Test func atLeastSixNamedPresetsResolve() throws {
        #expect(FilterPreset.all.count >= 6)
        #expect(Set(FilterPreset.names).count == FilterPreset.all.count)
        for name in ["clarendon", "gingham", "juno", "lark", "moon", "valencia"] {
            #expect(try FilterPreset.named(name)?.name == name)
        }
        #expect(try FilterPreset.named(nil) == nil)
        #expect(try FilterPreset.named("normal") == nil)
        #expect(throws: MediaError.unknownFilter("Moon")) { try FilterPreset.named("Moon") }
    }

    @Test func everyPresetMovesPixels() {
        let input = TestImages.colourful(width: w, height: h)
        for preset in FilterPreset.all {
            let output = filtered(preset, input)
            let changed = zip(input, output).filter { abs(Int($0) - Int($1)) > 2 }.count
            #expect(changed > input.count / 4, "\(preset.name) changed only \(changed) values")
        }
    }

    @Test func identityLUTLeavesPixelsUnchanged() {
        let identity = FilterPreset(name: "identity", summary: "")
        let input = TestImages.colourful(width: w, height: h)
        let output = filtered(identity, input)
        #expect(zip(input, output).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
    }

    @Test func moonHasZeroSaturation() {
        let output = filtered(.moon, TestImages.colourful(width: w, height: h))
        for i in stride(from: 0, to: output.count, by: 3) {
            #expect(output[i] == output[i + 1] && output[i + 1] == output[i + 2])
            if output[i] != output[i + 1] { break }
        }
        #expect(TestImages.meanSaturation(output) == 0)
    }

    @Test(arguments: [FilterPreset.valencia, .juno])
    func warmFiltersRaiseRedOverBlue(_ preset: FilterPreset) {
        let grey = TestImages.uniform(width: w, height: h, 128, 128, 128)
        let mean = TestImages.meanRGB(filtered(preset, grey))
        #expect(mean.x - mean.z > 20, "\(preset.name): \(mean)")
    }

    @Test func coolFiltersRaiseBlueOverRed() {
        let grey = TestImages.uniform(width: w, height: h, 128, 128, 128)
        let mean = TestImages.meanRGB(filtered(.lark, grey))
        #expect(mean.z > mean.x)
    }

    @Test(arguments: FilterPreset.all.filter { $0.vignette > 0 })
    func vignetteDarkensCorners(_ preset: FilterPreset) {
        let output = filtered(preset, TestImages.uniform(width: w, height: h, 160, 160, 160))
        func luma(_ x: Int, _ y: Int) -> Int { let i = (y * w + x) * 3; return Int(output[i]) + Int(output[i + 1]) + Int(output[i + 2]) }
        let centre = luma(w / 2, h / 2)
        for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
            #expect(luma(x, y) < centre - 30, "\(preset.name) corner \(x),\(y)")
        }
    }

    @Test func presetsWithoutVignetteAreUniformOnUniformInput() {
        let output = filtered(.clarendon, TestImages.uniform(width: w, height: h, 160, 160, 160))
        #expect(Set(output.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)).count == 1)
    }

    @Test func clarendonRaisesContrastAndSaturation() {
        let input = TestImages.colourful(width: w, height: h)
        let output = filtered(.clarendon, input)
        #expect(TestImages.lumaStandardDeviation(output) > TestImages.lumaStandardDeviation(input) * 1.1)
        #expect(TestImages.meanSaturation(output) > TestImages.meanSaturation(input) * 1.1)
    }

    @Test func ginghamFadesBlacksAndLowersContrast() {
        let black = filtered(.gingham, TestImages.uniform(width: w, height: h, 0, 0, 0))
        #expect(black.allSatisfy { $0 > 20 })
        let input = TestImages.colourful(width: w, height: h)
        #expect(TestImages.lumaStandardDeviation(filtered(.gingham, input)) < TestImages.lumaStandardDeviation(input))
    }

    @Test func larkBrightens() {
        let input = TestImages.colourful(width: w, height: h)
        let before = TestImages.meanRGB(input), after = TestImages.meanRGB(filtered(.lark, input))
        #expect(after.x + after.y + after.z > before.x + before.y + before.z + 20)
    }

    @Test func lutInterpolatesBetweenLatticePoints() {
        // A LUT of a smooth non-linear curve must match the curve between grid points within rounding.
        let lut = ColorLUT(gridSize: 17) { v in v * v }
        var pixels: [UInt8] = (0..<256).flatMap { [UInt8($0), UInt8($0), UInt8(255 - $0)] }
        pixels.withUnsafeMutableBufferPointer { lut.apply(to: $0.baseAddress!, width: 256, height: 1, vignette: 0) }
        for v in 0..<256 {
            let expected = Double(v) * Double(v) / 255
            #expect(abs(Double(pixels[v * 3]) - expected) <= 2.5, "value \(v)")
            let expectedBlue = Double(255 - v) * Double(255 - v) / 255
            #expect(abs(Double(pixels[v * 3 + 2]) - expectedBlue) <= 2.5)
        }
    }
}
