import Foundation

/// BlurHash (https://blurha.sh): a ~28-character string holding the image's average colour and a few
/// low-frequency cosine components, which clients expand into a blurred placeholder before the JPEG arrives.
enum BlurHash {
    private static let alphabet = Array(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~".utf8)

    static func encode(_ grid: PixelGrid, componentsX: Int = 4, componentsY: Int = 3) -> String {
        precondition((1...9).contains(componentsX) && (1...9).contains(componentsY))
        let w = grid.width, h = grid.height
        var linear = [SIMD3<Float>](repeating: .zero, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let p = grid.pixel(x, y)
                linear[y * w + x] = SIMD3(sRGBToLinear(p.x), sRGBToLinear(p.y), sRGBToLinear(p.z))
            }
        }
        var factors: [SIMD3<Float>] = []
        for j in 0..<componentsY {
            for i in 0..<componentsX {
                let normalisation: Float = (i == 0 && j == 0) ? 1 : 2
                var sum = SIMD3<Float>.zero
                for y in 0..<h {
                    let basisY = cos(Float.pi * Float(j) * Float(y) / Float(h))
                    for x in 0..<w {
                        let basis = normalisation * cos(Float.pi * Float(i) * Float(x) / Float(w)) * basisY
                        sum += basis * linear[y * w + x]
                    }
                }
                factors.append(sum / Float(w * h))
            }
        }
        var hash = ""
        hash += base83((componentsX - 1) + (componentsY - 1) * 9, length: 1)
        let ac = factors.dropFirst()
        let maximum: Float
        if let largest = ac.map({ max(abs($0.x), abs($0.y), abs($0.z)) }).max() {
            let quantised = max(0, min(82, Int((largest * 166 - 0.5).rounded(.down))))
            maximum = Float(quantised + 1) / 166
            hash += base83(quantised, length: 1)
        } else {
            maximum = 1
            hash += base83(0, length: 1)
        }
        let dc = factors[0]
        hash += base83((linearToSRGB(dc.x) << 16) + (linearToSRGB(dc.y) << 8) + linearToSRGB(dc.z), length: 4)
        for factor in ac {
            func q(_ v: Float) -> Int {
                max(0, min(18, Int((signPow(v / maximum, 0.5) * 9 + 9.5).rounded(.down))))
            }
            hash += base83(q(factor.x) * 19 * 19 + q(factor.y) * 19 + q(factor.z), length: 2)
        }
        return hash
    }

    private static func base83(_ value: Int, length: Int) -> String {
        var chars = [UInt8](repeating: 0, count: length)
        var v = value
        for k in stride(from: length - 1, through: 0, by: -1) {
            chars[k] = alphabet[v % 83]
            v /= 83
        }
        return String(decoding: chars, as: UTF8.self)
    }

    private static func sRGBToLinear(_ v: Float) -> Float {
        let c = v / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    private static func linearToSRGB(_ v: Float) -> Int {
        let c = min(max(v, 0), 1)
        let s = c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1 / 2.4) - 0.055
        return Int((s * 255 + 0.5).rounded(.down))
    }

    private static func signPow(_ v: Float, _ exponent: Float) -> Float {
        (v < 0 ? -1 : 1) * pow(abs(v), exponent)
    }
}
