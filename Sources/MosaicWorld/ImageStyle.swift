import MosaicCore

/// How each category looks: a texture and colour ranges, chosen so that a visual model can learn the
/// category from pixels (food is warm orange/red on a plate, nature is green foliage, travel is a blue sky
/// gradient over sea or sand, cars are metallic greys with hard edges, music is dark with neon lights, …).
struct ImageStyle: Sendable {
    enum Texture: UInt8, Sendable {
        case plate, sky, fabric, fur, field, blobs, foliage, metal, lights, diagonal, grid, film
    }

    /// A colour range in HSV: hue in degrees (centre ± spread), saturation and value in 0...1.
    struct HSVRange: Sendable {
        var hue: Float, hueSpread: Float, saturation: ClosedRange<Float>, value: ClosedRange<Float>
        init(_ hue: Float, _ spread: Float, s: ClosedRange<Float>, v: ClosedRange<Float>) {
            self.hue = hue; hueSpread = spread; saturation = s; value = v
        }
    }

    let texture: Texture
    let primary: HSVRange
    let secondary: HSVRange
    let background: HSVRange
    let accent: HSVRange

    /// Indexed like `InterestCategory.all`.
    static let byCategory: [ImageStyle] = InterestCategory.all.map { table[$0] ?? fallback }

    static let fallback = ImageStyle(texture: .blobs, primary: .init(0, 180, s: 0.3...0.6, v: 0.4...0.8),
                                     secondary: .init(180, 180, s: 0.3...0.6, v: 0.4...0.8),
                                     background: .init(0, 180, s: 0...0.2, v: 0.3...0.6),
                                     accent: .init(0, 180, s: 0.5...0.9, v: 0.6...1))

    static let table: [String: ImageStyle] = [
        "food": ImageStyle(texture: .plate, primary: .init(22, 12, s: 0.75...0.95, v: 0.75...0.95),
                           secondary: .init(5, 8, s: 0.75...0.95, v: 0.55...0.8),
                           background: .init(28, 8, s: 0.45...0.7, v: 0.25...0.45),
                           accent: .init(45, 10, s: 0.1...0.2, v: 0.88...0.97)),
        "travel": ImageStyle(texture: .sky, primary: .init(212, 10, s: 0.65...0.9, v: 0.6...0.85),
                             secondary: .init(195, 10, s: 0.2...0.4, v: 0.9...1),
                             background: .init(185, 15, s: 0.5...0.8, v: 0.5...0.75),
                             accent: .init(40, 8, s: 0.25...0.45, v: 0.8...0.95)),
        "fashion": ImageStyle(texture: .fabric, primary: .init(330, 20, s: 0.35...0.7, v: 0.75...0.95),
                              secondary: .init(350, 15, s: 0.2...0.45, v: 0.85...1),
                              background: .init(30, 15, s: 0.05...0.15, v: 0.85...0.95),
                              accent: .init(280, 20, s: 0.4...0.7, v: 0.5...0.8)),
        "pets": ImageStyle(texture: .fur, primary: .init(32, 8, s: 0.35...0.6, v: 0.55...0.8),
                           secondary: .init(28, 8, s: 0.3...0.5, v: 0.3...0.5),
                           background: .init(45, 20, s: 0.05...0.2, v: 0.7...0.9),
                           accent: .init(20, 10, s: 0.5...0.7, v: 0.2...0.35)),
        "sports": ImageStyle(texture: .field, primary: .init(115, 10, s: 0.6...0.8, v: 0.45...0.65),
                             secondary: .init(110, 10, s: 0.55...0.75, v: 0.35...0.5),
                             background: .init(210, 20, s: 0.1...0.3, v: 0.3...0.5),
                             accent: .init(0, 0, s: 0...0.05, v: 0.92...1)),
        "art": ImageStyle(texture: .blobs, primary: .init(0, 180, s: 0.85...1, v: 0.75...1),
                          secondary: .init(180, 180, s: 0.85...1, v: 0.75...1),
                          background: .init(60, 180, s: 0.7...1, v: 0.7...1),
                          accent: .init(240, 180, s: 0.8...1, v: 0.6...1)),
        "nature": ImageStyle(texture: .foliage, primary: .init(110, 15, s: 0.55...0.85, v: 0.3...0.55),
                             secondary: .init(90, 15, s: 0.5...0.8, v: 0.55...0.8),
                             background: .init(200, 15, s: 0.2...0.4, v: 0.8...0.95),
                             accent: .init(60, 10, s: 0.5...0.7, v: 0.7...0.9)),
        "cars": ImageStyle(texture: .metal, primary: .init(210, 20, s: 0.02...0.1, v: 0.55...0.8),
                           secondary: .init(210, 20, s: 0.02...0.08, v: 0.25...0.4),
                           background: .init(220, 20, s: 0.03...0.1, v: 0.4...0.6),
                           accent: .init(0, 0, s: 0...0.05, v: 0.05...0.12)),
        "music": ImageStyle(texture: .lights, primary: .init(300, 20, s: 0.8...1, v: 0.85...1),
                            secondary: .init(190, 15, s: 0.8...1, v: 0.85...1),
                            background: .init(270, 15, s: 0.5...0.8, v: 0.04...0.12),
                            accent: .init(50, 10, s: 0.6...0.9, v: 0.9...1)),
        "fitness": ImageStyle(texture: .diagonal, primary: .init(0, 0, s: 0...0.05, v: 0.12...0.22),
                              secondary: .init(0, 0, s: 0...0.05, v: 0.3...0.42),
                              background: .init(0, 0, s: 0...0.05, v: 0.18...0.28),
                              accent: .init(15, 25, s: 0.85...1, v: 0.85...1)),
        "architecture": ImageStyle(texture: .grid, primary: .init(40, 10, s: 0.08...0.2, v: 0.65...0.8),
                                   secondary: .init(210, 15, s: 0.25...0.45, v: 0.25...0.4),
                                   background: .init(205, 10, s: 0.3...0.5, v: 0.75...0.9),
                                   accent: .init(40, 10, s: 0.05...0.15, v: 0.45...0.55)),
        "photography": ImageStyle(texture: .film, primary: .init(35, 10, s: 0.15...0.3, v: 0.5...0.7),
                                  secondary: .init(220, 15, s: 0.1...0.25, v: 0.25...0.4),
                                  background: .init(30, 10, s: 0.1...0.2, v: 0.75...0.85),
                                  accent: .init(20, 10, s: 0.3...0.5, v: 0.8...0.9)),
    ]
}
