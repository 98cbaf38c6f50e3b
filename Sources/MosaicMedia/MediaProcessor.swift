import CVips
import Foundation

/// One upload's synchronous work, in the order that keeps it safe and cheap: size and magic bytes, header
/// limits (no pixel decoded yet), one shrink-on-load decode to a 1080-pixel short side with EXIF
/// auto-rotation and sRGB conversion, the filter on that single buffer, descriptor and placeholders from it,
/// then every variant from the same buffer, each written atomically.
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

        // Box whose long side matches a 1080-pixel short side; thumbnail fits inside it.
        let longSide = Int((Double(max(width, height)) * Double(Self.baseShortSide) / Double(min(width, height)))
            .rounded(.up))
        let decoded = try VipsImageRef.make(MediaError.corruptImage) { out in
            mosaic_vips_thumbnail_file(path, out, Int32(longSide), Int32(longSide))
        }
        let base = try decoded.normalisedToSRGB()
        let pixels = try RGBBuffer(materialising: base)
        filter?.apply(to: pixels.pointer, width: pixels.width, height: pixels.height)

        let grid = PixelGrid(downsampling: pixels.pointer, width: pixels.width, height: pixels.height,
                             maxSide: VisualDescriptor.sampleSide)
        let descriptor = VisualDescriptor.compute(grid)
        let blurHash = BlurHash.encode(grid.resized(width: min(32, grid.width), height: min(32, grid.height)))

        let filtered = try pixels.vipsImage()
        let placeholder = try placeholderDataURL(filtered)
        let variants = try writeVariants(filtered, into: directory)
        let full = variants[0]
        return ProcessedMedia(format: format, sourceWidth: width, sourceHeight: height, width: full.width,
                              height: full.height, variants: variants, blurHash: blurHash,
                              placeholderDataURL: placeholder, descriptor: descriptor, filter: filter?.name)
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

    private func writeVariants(_ image: VipsImageRef, into directory: String) throws(MediaError)
        -> [StoredVariant] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .storageFailed("cannot create \(directory)")
        }
        // One saliency search (libvips' attention strategy) frames the 1080 square; the smaller squares are
        // resized from it, so every square shows the same crop and the costly search runs once, not four times.
        let full = try image.map(MediaError.corruptImage) {
            mosaic_vips_thumbnail_image($0, $1, Int32(MediaVariant.full.size), VIPS_MAX_COORD, 0)
        }
        let square = try image.map(MediaError.corruptImage) {
            mosaic_vips_thumbnail_image($0, $1, Int32(MediaVariant.square1080.size),
                                        Int32(MediaVariant.square1080.size), 1)
        }
        var stored: [StoredVariant] = []
        for variant in MediaVariant.allCases {
            let resized: VipsImageRef
            switch variant {
            case .full: resized = full
            case .square1080: resized = square
            default:
                resized = try square.map(MediaError.corruptImage) {
                    mosaic_vips_thumbnail_image($0, $1, Int32(variant.size), Int32(variant.size), 0)
                }
            }
            let destination = directory + "/" + variant.fileName
            let bytes = try AtomicFile.write(to: destination) { temporary in
                mosaic_vips_jpegsave(resized.pointer, temporary, Int32(configuration.jpegQuality)) == 0
            }
            stored.append(StoredVariant(variant: variant, path: destination, width: resized.width,
                                        height: resized.height, bytes: bytes))
        }
        return stored
    }

    private func placeholderDataURL(_ image: VipsImageRef) throws(MediaError) -> String {
        let side = Int32(configuration.placeholderSide)
        let small = try image.map(MediaError.corruptImage) { mosaic_vips_thumbnail_image($0, $1, side, side, 0) }
        let jpeg = try JPEGEncoder.encode(small, quality: 40, progressive: false)
        return "data:image/jpeg;base64," + Data(jpeg).base64EncodedString()
    }
}

/// libvips pixels copied into one contiguous buffer that Swift can filter in place, then handed back to
/// libvips without another copy. Freed on deinit, so error paths cannot leak it.
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

    /// Wraps the buffer (no copy); the buffer must outlive every image derived from it.
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
