import CVips
import Foundation

/// One upload's synchronous work, in the order that keeps it safe and cheap: size and magic bytes, header
/// limits (no pixel decoded yet), one shrink-on-load decode with EXIF auto-rotation and sRGB conversion,
/// resampled to a 1080-pixel short side when larger, the filter on that single buffer, descriptor and
/// placeholders from it, then every variant from the same buffer, encoded on two threads and each written
/// atomically. Measured with `mosaic bench media` (bench/media/README.md).
struct MediaProcessor {
    /// Variants are cut from an image whose short side is this long.
    static let baseShortSide = 1080

    let configuration: MediaConfiguration

    func process(file path: String, filter: FilterPreset?, into directory: String) throws(MediaError)
        -> ProcessedMedia {
        try VipsRuntime.start()
        let format = try validateContainer(path)
        let header = try openHeader(path)
        let (width, height) = header.orientationSwapsAxes ? (header.height, header.width) : (header.width, header.height)
        try checkDimensions(width: width, height: height)

        // Base: short side 1080, long side in proportion; `full` is 1080 wide with the upright aspect.
        let scale = Double(Self.baseShortSide) / Double(min(width, height))
        let baseSize = width <= height
            ? (width: Self.baseShortSide, height: Int((Double(height) * scale).rounded()))
            : (width: Int((Double(width) * scale).rounded()), height: Self.baseShortSide)
        let fullSize = (width: MediaVariant.full.size,
                        height: Int((Double(MediaVariant.full.size) * Double(height) / Double(width)).rounded()))

        let decoded = try RGBBuffer(materialising: try decode(path, format: format, header: header,
                                                              box: max(baseSize.width, baseSize.height)))
        // A photo larger than the base is resampled to it once and filtered there. A smaller one (upscaled
        // for the 1080 variants) is filtered at its own size and every variant is resampled straight from it:
        // fewer pixels to filter, and no 1080 base that would only be resampled again.
        let pixels = min(decoded.width, decoded.height) < Self.baseShortSide
            || (decoded.width == baseSize.width && decoded.height == baseSize.height)
            ? decoded : Resampler.resize(decoded, width: baseSize.width, height: baseSize.height)
        filter?.apply(to: pixels.pointer, width: pixels.width, height: pixels.height)

        let grid = PixelGrid(downsampling: pixels.pointer, width: pixels.width, height: pixels.height,
                             maxSide: VisualDescriptor.sampleSide)
        let descriptor = VisualDescriptor.compute(grid)
        let blurHash = BlurHash.encode(grid.resized(width: min(32, grid.width), height: min(32, grid.height)))
        let placeholder = try placeholderDataURL(grid)

        let variants = try writeVariants(try variantImages(pixels, grid: grid, fullSize: fullSize), into: directory)
        let full = variants[0]
        return ProcessedMedia(format: format, sourceWidth: width, sourceHeight: height, width: full.width,
                              height: full.height, variants: variants, blurHash: blurHash,
                              placeholderDataURL: placeholder, descriptor: descriptor, filter: filter?.name)
    }

    /// The upright 8-bit sRGB image to resample into the base (lazy: pixels are decoded when first read).
    /// A JPEG is decoded with the largest DCT-domain shrink (½, ¼, ⅛) that keeps its short side at or above
    /// the base's, as Pillow's draft mode does: vips_thumbnail only pre-shrinks when a further 2× reduction
    /// remains, so it decoded a 4000 × 3000 photo at full size. Other formats go through vips_thumbnail (their
    /// own shrink-on-load: WebP scale, HEIF thumbnails), reduced to fit the `box` square, never enlarged.
    private func decode(_ path: String, format: ImageFormat, header: VipsImageRef, box: Int) throws(MediaError)
        -> VipsImageRef {
        guard format == .jpeg else {
            return try VipsImageRef.make(MediaError.corruptImage) { out in
                mosaic_vips_thumbnail_file(path, out, Int32(box), Int32(box))
            }.normalisedToSRGB()
        }
        let shortSide = min(header.width, header.height)
        let shrink = [8, 4, 2].first { shortSide / $0 >= Self.baseShortSide } ?? 1
        let upright = header.orientation == 1
        let loaded = try VipsImageRef.make(MediaError.corruptImage) { out in
            mosaic_vips_jpegload_shrink(path, out, Int32(shrink), upright ? 1 : 0)
        }
        let rotated = upright ? loaded : try loaded.map(MediaError.corruptImage) { mosaic_vips_autorot($0, $1) }
        return try rotated.normalisedToSRGB()
    }

    // MARK: Validation before decoding

    private func validateContainer(_ path: String) throws(MediaError) -> ImageFormat {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw .storageFailed("upload file missing")
        }
        guard size <= configuration.maxFileBytes else {
            throw .fileTooLarge(bytes: size, limit: configuration.maxFileBytes)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .storageFailed("upload unreadable") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: ImageFormat.sniffLength)) ?? Data())
        guard let format = ImageFormat.sniff(head) else {
            throw .unsupportedFormat(head.isEmpty ? "empty file" : "not a recognised image")
        }
        guard format.isDecodable else {
            throw .unsupportedFormat("\(format.rawValue.uppercased()) is not supported by this server's libvips")
        }
        return format
    }

    private func openHeader(_ path: String) throws(MediaError) -> VipsImageRef {
        guard let image = mosaic_vips_open_header(path) else {
            throw .corruptImage(VipsRuntime.takeError())
        }
        return VipsImageRef(image)
    }

    private func checkDimensions(width: Int, height: Int) throws(MediaError) {
        guard width * height <= configuration.maxPixels else {
            throw .imageTooLargePixels(width: width, height: height, limit: configuration.maxPixels)
        }
        guard min(width, height) >= configuration.minimumShortSide else {
            throw .imageTooSmall(width: width, height: height, minimumShortSide: configuration.minimumShortSide)
        }
    }

    // MARK: Output

    /// Encodes the variants on the machine's cores and writes each atomically.
    private func writeVariants(_ images: [RGBBuffer], into directory: String) throws(MediaError) -> [StoredVariant] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .storageFailed("cannot create \(directory)")
        }
        // A square base is its own `full` and 1080 square: identical pixels, encoded once.
        var distinct: [RGBBuffer] = []
        var encoding: [Int] = []
        for image in images {
            if let index = distinct.firstIndex(where: { $0 === image }) {
                encoding.append(index)
            } else {
                encoding.append(distinct.count)
                distinct.append(image)
            }
        }
        let jpegs = try JPEGEncoder.encodeConcurrently(try distinct.map { buffer throws(MediaError) in
            try buffer.vipsImage()
        }, quality: configuration.jpegQuality)
        var stored: [StoredVariant] = []
        for (index, variant) in MediaVariant.allCases.enumerated() {
            let destination = directory + "/" + variant.fileName
            let bytes = try AtomicFile.write(jpegs[encoding[index]], to: destination)
            stored.append(StoredVariant(variant: variant, path: destination, width: images[index].width,
                                        height: images[index].height, bytes: bytes))
        }
        return stored
    }

    /// The variants' pixels, in `MediaVariant.allCases` order, from the filtered image (the base, or a
    /// smaller upload at its own size). The squares share one crop: the image's largest square, placed
    /// where libvips' attention strategy centres it (searched on the 64-pixel grid: attention analyses a
    /// 32 × 32 reduction anyway, and reducing the whole image to it cost more than the rest of the search).
    /// From a base the smaller squares are cascaded from the 1080 one; from a smaller upload each is
    /// resampled straight from the crop.
    private func variantImages(_ image: RGBBuffer, grid: PixelGrid, fullSize: (width: Int, height: Int))
        throws(MediaError) -> [RGBBuffer] {
        let full = image.width == fullSize.width && image.height == fullSize.height
            ? image : Resampler.resize(image, width: fullSize.width, height: fullSize.height)
        let side = min(image.width, image.height)
        let crop: RGBBuffer
        if image.width == image.height {
            crop = image
        } else {
            let corner = try attentionCrop(grid, imageWidth: image.width, imageHeight: image.height, side: side)
            crop = image.cropped(left: corner.left, top: corner.top, width: side, height: side)
        }
        var images = [full]
        for variant in MediaVariant.allCases.dropFirst() {
            let size = variant.size
            if crop.width == size {
                images.append(crop)
            } else if crop === image && full.width == size && full.height == size {
                images.append(full)   // a square upload: its 1080 square is `full`
            } else {
                let source = side >= MediaVariant.square1080.size ? images[images.count - 1] : crop
                images.append(Resampler.resize(source, width: size, height: size))
            }
        }
        return images
    }

    /// Top-left corner of the `side` × `side` crop of an image whose short side is `side`, where libvips'
    /// attention strategy centres it, found on `grid` (the same image, reduced).
    private func attentionCrop(_ grid: PixelGrid, imageWidth: Int, imageHeight: Int, side: Int) throws(MediaError)
        -> (left: Int, top: Int) {
        let small = try grid.vipsImage()
        let scale = Double(imageWidth) / Double(grid.width)
        let cropWidth = max(1, min(grid.width, Int((Double(side) / scale).rounded())))
        let cropHeight = max(1, min(grid.height, Int((Double(side) * Double(grid.height) / Double(imageHeight)).rounded())))
        var x: Int32 = 0, y: Int32 = 0
        guard mosaic_vips_attention_centre(small.pointer, Int32(cropWidth), Int32(cropHeight), &x, &y) == 0 else {
            throw .corruptImage(VipsRuntime.takeError())
        }
        let centreX = Int((Double(x) * scale).rounded())
        let centreY = Int((Double(y) * Double(imageHeight) / Double(grid.height)).rounded())
        return (min(max(centreX - side / 2, 0), imageWidth - side), min(max(centreY - side / 2, 0), imageHeight - side))
    }

    /// A ≤ 24-pixel JPEG of the filtered image, area-averaged from the descriptor's grid.
    private func placeholderDataURL(_ grid: PixelGrid) throws(MediaError) -> String {
        let scale = max(1, Double(max(grid.width, grid.height)) / Double(configuration.placeholderSide))
        let small = grid.resized(width: max(1, Int((Double(grid.width) / scale).rounded())),
                                 height: max(1, Int((Double(grid.height) / scale).rounded())))
        let jpeg = try JPEGEncoder.encode(rgb: small.bytes, width: small.width, height: small.height, quality: 40)
        return "data:image/jpeg;base64," + Data(jpeg).base64EncodedString()
    }
}

/// Interleaved 8-bit RGB in one contiguous buffer that Swift reads and writes in place and libvips reads
/// without another copy. Allocated with glib (libvips hands its own decodes over that way), freed on deinit,
/// so error paths cannot leak it.
final class RGBBuffer {
    let pointer: UnsafeMutablePointer<UInt8>
    let width: Int
    let height: Int

    init(materialising image: VipsImageRef) throws(MediaError) {
        precondition(image.bands == 3 && image.isUChar)
        var size = 0
        // This is where the decode actually happens; truncation surfaces here.
        guard let raw = vips_image_write_to_memory(image.pointer, &size) else {
            throw .corruptImage(VipsRuntime.takeError())
        }
        pointer = raw.assumingMemoryBound(to: UInt8.self)
        width = image.width
        height = image.height
    }

    /// Uninitialised pixels.
    init(width: Int, height: Int) {
        pointer = g_malloc(gsize(width * height * 3)).assumingMemoryBound(to: UInt8.self)
        self.width = width
        self.height = height
    }

    /// A copy of the `width` × `height` rectangle at (`left`, `top`).
    func cropped(left: Int, top: Int, width: Int, height: Int) -> RGBBuffer {
        precondition(left >= 0 && top >= 0 && left + width <= self.width && top + height <= self.height)
        let crop = RGBBuffer(width: width, height: height)
        for y in 0..<height {
            (crop.pointer + y * width * 3).update(from: pointer + ((top + y) * self.width + left) * 3,
                                                  count: width * 3)
        }
        return crop
    }

    /// Wraps the buffer (no copy); the image keeps the buffer alive.
    func vipsImage() throws(MediaError) -> VipsImageRef {
        guard let image = vips_image_new_from_memory(pointer, width * height * 3, Int32(width), Int32(height), 3,
                                                     VIPS_FORMAT_UCHAR) else {
            throw .corruptImage(VipsRuntime.takeError())
        }
        mosaic_vips_set_srgb(image)
        return VipsImageRef(image, keepingAlive: self)
    }

    deinit { mosaic_vips_free(pointer) }
}
