/// Turns a `ProceduralImage` into pixels. One pass over the image; each pixel evaluates the category's
/// texture field at normalised coordinates (u, v) in 0...1 and maps it through the palette, then adds
/// per-pixel grain from a hash (no allocation, no dynamic dispatch in the loop).
struct ImageRenderer {
    let image: ProceduralImage

    func render(width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let noise = ValueNoise(seed: image.seed)
        let texture = ImageStyle.byCategory[image.category].texture
        let field = TextureField(image: image, texture: texture)
        let grainScale = image.grain * (texture == .film ? 3 : 1) * 255
        let seed32 = UInt32(truncatingIfNeeded: image.seed ^ image.seed >> 32)
        let invW = 1 / Float(width), invH = 1 / Float(height)

        noise.lattice.withUnsafeBufferPointer { lattice in
            pixels.withUnsafeMutableBufferPointer { out in
                var o = 0
                for y in 0..<height {
                    let v = (Float(y) + 0.5) * invH
                    for x in 0..<width {
                        let u = (Float(x) + 0.5) * invW
                        let c = field.shade(u, v, lattice) * 255
                        var h = UInt32(truncatingIfNeeded: x) &* 0x9E37_79B1 ^ UInt32(truncatingIfNeeded: y) &* 0x85EB_CA77 ^ seed32
                        h ^= h >> 15; h &*= 0x2C1B_3C6D; h ^= h >> 12
                        let g = (Float(h >> 8) * 0x1p-24 * 2 - 1) * grainScale
                        out[o] = Self.byte(c.x + g); out[o + 1] = Self.byte(c.y + g); out[o + 2] = Self.byte(c.z + g)
                        o += 3
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    @inline(__always)
    static func byte(_ x: Float) -> UInt8 { UInt8(min(255, max(0, x + 0.5))) }
}

/// The per-category texture fields. Values are colours with components in 0...1.
struct TextureField {
    let texture: ImageStyle.Texture
    let background: SIMD3<Float>, primary: SIMD3<Float>, secondary: SIMD3<Float>, accent: SIMD3<Float>
    let frequency: Float, cosA: Float, sinA: Float, center: SIMD2<Float>
    /// Light spots for `.lights`: x, y, radius², and which colour (0 primary, 1 secondary, 2 accent).
    let spots: [SIMD4<Float>]

    init(image: ProceduralImage, texture: ImageStyle.Texture) {
        self.texture = texture
        background = image.palette[0]; primary = image.palette[1]; secondary = image.palette[2]; accent = image.palette[3]
        frequency = image.frequency; cosA = _cosf(image.angle); sinA = _sinf(image.angle); center = image.layout
        var rng = WorldRandom(seed: image.seed, stream: 0x5350_4F54) // "SPOT"
        spots = (0..<6).map { _ in
            let r = Float(0.05 + rng.unit() * 0.12)
            return SIMD4(Float(rng.unit()), Float(rng.unit() * 0.8), r * r, Float(rng.below(3)))
        }
    }

    @inline(__always)
    private func mix(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ t: Float) -> SIMD3<Float> { a + (b - a) * t }

    @inline(__always)
    private func smoothstep(_ e0: Float, _ e1: Float, _ x: Float) -> Float {
        let t = min(1, max(0, (x - e0) / (e1 - e0)))
        return t * t * (3 - 2 * t)
    }

    @inline(__always)
    func shade(_ u: Float, _ v: Float, _ n: UnsafeBufferPointer<Float>) -> SIMD3<Float> {
        let f = frequency
        switch texture {
        case .plate: // a round dish of warm food on a plate, on a wooden table
            let dx = u - center.x, dy = v - center.y
            let r = (dx * dx + dy * dy).squareRoot()
            if r < 0.2 + 0.03 * ValueNoise.sample(n, u * 12, v * 12) {
                return mix(primary, secondary, ValueNoise.fbm(n, u * f * 3, v * f * 3, octaves: 3))
            }
            if r < 0.31 { return accent * (0.88 + 0.12 * (1 - r / 0.31)) }
            let wood = 0.5 + 0.5 * _sinf(v * 70 + ValueNoise.fbm(n, u * 3, v * 9, octaves: 2) * 8)
            return background * (0.75 + 0.25 * wood)
        case .sky: // blue sky gradient with clouds over sea and a strip of sand
            let horizon = 0.35 + center.y * 0.5
            if v < horizon {
                let sky = mix(primary, secondary, v / horizon)
                let cloud = smoothstep(0.55, 0.8, ValueNoise.fbm(n, u * f, v * f * 2.5, octaves: 3))
                return mix(sky, SIMD3(repeating: 0.97), cloud * 0.75)
            }
            let shore = horizon + (1 - horizon) * (0.45 + 0.06 * _sinf(u * 9 + center.x * 6))
            if v < shore {
                let wave = ValueNoise.fbm(n, u * f * 4, v * f * 12, octaves: 2)
                return background * (0.82 + 0.3 * wave)
            }
            return accent * (0.9 + 0.15 * ValueNoise.sample(n, u * 40, v * 40))
        case .fabric: // a garment with stripes and folds in front of a light wall
            let ex = (u - center.x) / 0.3, ey = (v - center.y - 0.1) / 0.5
            if ex * ex + ey * ey > 1 { return background * (0.95 + 0.05 * v) }
            let along = u * cosA * 0.2 + u + v * sinA * 0.2
            let stripe = 0.5 + 0.5 * _sinf(6.283 * (f * 2 * along + 0.4 * ValueNoise.fbm(n, u * 4, v * 4, octaves: 2)))
            let fold = 0.8 + 0.2 * _sinf(u * 14 + 3 * ValueNoise.sample(n, u * 3, v * 3))
            return mix(primary, secondary, stripe) * fold
        case .fur: // a furry animal: fine directional noise inside a soft body outline
            let ex = (u - center.x) / 0.36, ey = (v - center.y) / 0.3
            let edge = 1 + 0.25 * (ValueNoise.sample(n, u * 10, v * 10) - 0.5)
            if ex * ex + ey * ey > edge { return mix(background, background * 0.85, v) }
            let s = u * cosA + v * sinA, t = -u * sinA + v * cosA
            let hair = ValueNoise.fbm(n, s * 90, t * 9, octaves: 2)
            let patch = smoothstep(0.55, 0.7, ValueNoise.sample(n, u * 4, v * 4))
            return mix(mix(primary, secondary, hair * 0.7), accent, patch * 0.8)
        case .field: // mown grass stripes, white pitch lines, a dark stand at the top
            if v < 0.12 { return background * (0.7 + 0.3 * ValueNoise.sample(n, u * 50, v * 50)) }
            let dx = u - center.x, dy = v - 0.56
            let ring = abs((dx * dx + dy * dy).squareRoot() - 0.14)
            if abs(u - center.x) < 0.005 || abs(v - 0.2) < 0.005 || ring < 0.004 { return accent }
            let band = Int(u * f * 2) & 1 == 0
            return (band ? primary : secondary) * (0.9 + 0.2 * ValueNoise.sample(n, u * 120, v * 120))
        case .blobs: // an abstract painting: low-frequency noise through four saturated colours
            let s = u * cosA + v * sinA, t = -u * sinA + v * cosA
            let x = ValueNoise.fbm(n, s * f * 0.7, t * f * 0.7, octaves: 3) * 3.999
            let i = Int(x), w = smoothstep(0.35, 0.65, x - Float(i))
            let a: SIMD3<Float>, b: SIMD3<Float>
            switch i {
            case 0: a = background; b = primary
            case 1: a = primary; b = secondary
            case 2: a = secondary; b = accent
            default: a = accent; b = background
            }
            return mix(a, b, w)
        case .foliage: // layered green leaves under a strip of pale sky
            let skyline = center.y * 0.45 + 0.08 * ValueNoise.sample(n, u * 6, 3)
            if v < skyline { return background }
            let leaf = ValueNoise.fbm(n, u * f * 3, v * f * 3, octaves: 4)
            let base = mix(primary, secondary, leaf)
            return leaf > 0.7 ? mix(base, accent, (leaf - 0.7) * 2) : base
        case .metal: // a car: metallic body with a hard highlight, dark windows and tyres, grey backdrop
            let dy = v - 0.7, left = u - (center.x - 0.23), right = u - (center.x + 0.23)
            let r2 = min(left * left, right * right) + dy * dy
            if r2 < 0.0016 { return primary * 0.9 }
            if r2 < 0.01 { return accent }
            if v > 0.38 && v < 0.7 && abs(u - center.x) < 0.4 {
                let body = mix(primary, secondary, (v - 0.38) / 0.32)
                let highlight = 0.6 * _expf(-((v - 0.47) * (v - 0.47)) / 0.0002)
                return body + SIMD3(repeating: highlight) // clamped when written
            }
            if v > 0.26 && v <= 0.38 && abs(u - center.x) < 0.22 { return secondary * 0.6 }
            return v > 0.8 ? background * 0.6 : background * (1 - 0.2 * v)
        case .lights: // a dark stage with neon light spots
            var c = background
            for spot in spots {
                let dx = u - spot.x, dy = v - spot.y
                let glow = _expf(-(dx * dx + dy * dy) / spot.z)
                let colour = spot.w < 0.5 ? primary : (spot.w < 1.5 ? secondary : accent)
                c += colour * glow
            }
            return c // clamped when written
        case .diagonal: // a gym: dark hard-edged diagonal bands with one bright accent stripe
            let s = (u * cosA + v * sinA) * f * 1.5
            let phase = s - _floorf(s)
            if (Int(_floorf(s)) & 7) == 3 && phase < 0.3 { return accent }
            return (phase < 0.5 ? primary : secondary) * (0.9 + 0.2 * ValueNoise.sample(n, u * 60, v * 60))
        case .grid: // a facade: concrete with a regular grid of glass windows under a strip of sky
            if v < 0.08 + 0.12 * center.y { return background }
            let cols = 5 + f, rows = 7 + f
            let fu = u * cols - _floorf(u * cols), fv = v * rows - _floorf(v * rows)
            if fu > 0.15 && fu < 0.85 && fv > 0.2 && fv < 0.8 { return mix(secondary, background, fv * 0.5) }
            if fv < 0.06 { return accent }
            return primary * (0.88 + 0.2 * ValueNoise.sample(n, u * 80, v * 80))
        case .film: // a muted, vignetted photograph with a subject off-centre and heavy grain
            let t = v * 0.7 + 0.3 * ValueNoise.fbm(n, u * f, v * f, octaves: 2)
            var c = mix(background, secondary, t)
            let dx = u - center.x, dy = v - center.y
            if dx * dx + dy * dy < 0.02 { c = mix(primary, accent, ValueNoise.sample(n, u * 20, v * 20)) }
            let rx = u - 0.5, ry = v - 0.5
            return c * (1 - 1.2 * (rx * rx + ry * ry))
        }
    }
}
