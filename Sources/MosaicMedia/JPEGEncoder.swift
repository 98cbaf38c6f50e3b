import CVips

/// Encodes raw pixels to JPEG with libvips, for callers that synthesise images (the world generator, tests,
/// benchmarks) and then feed them through `MediaPipeline` like any upload.
public enum JPEGEncoder {
    /// Interleaved 8-bit RGB, `width · height · 3` bytes, to a baseline or progressive JPEG.
    public static func encode(rgb: [UInt8], width: Int, height: Int, quality: Int = 90,
                              progressive: Bool = false) throws(MediaError) -> [UInt8] {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw .corruptImage("pixel buffer is not \(width)×\(height) RGB")
        }
        try VipsRuntime.start()
        let maybeImage = rgb.withUnsafeBytes { bytes in
            vips_image_new_from_memory_copy(bytes.baseAddress, bytes.count, Int32(width), Int32(height), 3,
                                            VIPS_FORMAT_UCHAR)
        }
        guard let raw = maybeImage else { throw .corruptImage(VipsRuntime.takeError()) }
        mosaic_vips_set_srgb(raw)
        return try encode(VipsImageRef(raw), quality: quality, progressive: progressive)
    }

    static func encode(_ image: VipsImageRef, quality: Int, progressive: Bool) throws(MediaError) -> [UInt8] {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard mosaic_vips_jpegsave_buffer(image.pointer, &buffer, &length, Int32(quality),
                                          progressive ? 1 : 0) == 0, let buffer else {
            throw .storageFailed("JPEG encoding failed: \(VipsRuntime.takeError())")
        }
        defer { mosaic_vips_free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }
}

/// Decodes an image file to 8-bit sRGB pixels as stored (no EXIF rotation): for tests and tools that inspect
/// the pipeline's outputs.
public enum ImageDecoder {
    public struct Decoded: Sendable {
        public var width: Int
        public var height: Int
        public var rgb: [UInt8]
    }

    public static func decode(file path: String) throws(MediaError) -> Decoded {
        try VipsRuntime.start()
        guard let opened = mosaic_vips_open_header(path) else { throw .corruptImage(VipsRuntime.takeError()) }
        let header = VipsImageRef(opened)
        let image = try header.normalisedToSRGB()
        let buffer = try RGBBuffer(materialising: image)
        let rgb = Array(UnsafeBufferPointer(start: buffer.pointer, count: buffer.width * buffer.height * 3))
        return Decoded(width: buffer.width, height: buffer.height, rgb: rgb)
    }
}
