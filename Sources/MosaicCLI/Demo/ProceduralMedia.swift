import Foundation
import MosaicAPI
import MosaicCore
import MosaicMedia
import MosaicStore
import MosaicWorld

/// The demo's images: each post's picture is a procedural image (palette and texture from its category), so
/// the world needs no image files up front. The media record carries the placeholder and the visual
/// descriptor computed from a small render; the variants are rendered and encoded by libvips on first
/// request and then served from disk like any upload.
struct ProceduralMedia: Sendable {
    let world: World

    /// `filter` records the generator and seed, so the variant can be rendered later from the record alone.
    /// `placeholder: false` skips the blur preview (benchmarks that never show images).
    func record(post i: Int, id: MediaID, owner: UserID, at: Date, placeholder withPlaceholder: Bool = true) -> MediaRecord {
        let image = world.image(ofPost: i)
        let small = image.render(width: 64, height: 64)
        let descriptor = VisualDescriptor.compute(rgb: small.pixels, width: 64, height: 64).values
        var placeholder = ""
        if withPlaceholder {
            let tiny = image.render(width: 16, height: 16)
            placeholder = (try? JPEGEncoder.encode(rgb: tiny.pixels, width: 16, height: 16, quality: 70))
                .map { "data:image/jpeg;base64," + Data($0).base64EncodedString() } ?? ""
        }
        return MediaRecord(id: id, ownerID: owner, width: 1080, height: 1080, variants: ["1080", "640", "320", "150"],
                           placeholder: placeholder, descriptor: descriptor,
                           filter: "procedural:\(world.posts.categories[i]):\(String(image.seed, radix: 16))",
                           createdAt: at, expiresAt: at.addingTimeInterval(86_400))
    }

    /// Renders a missing variant of a procedural media record.
    static func fallback(store: any PostStore, seed: UInt64) -> MediaFallback {
        { media, size in
            guard let filter = media.filter, filter.hasPrefix("procedural:") else { return nil }
            let parts = filter.split(separator: ":")
            guard parts.count == 3, let category = Int(parts[1]), let imageSeed = UInt64(parts[2], radix: 16) else { return nil }
            let image = ProceduralImage(category: category, seed: imageSeed).render(width: size, height: size)
            return try JPEGEncoder.encode(rgb: image.pixels, width: size, height: size, quality: 82, progressive: true)
        }
    }
}
