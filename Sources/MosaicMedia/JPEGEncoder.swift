import CVips
import Dispatch
import Synchronization

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
        return try encode(VipsImageRef(copying: rgb, width: width, height: height), quality: quality,
                          progressive: progressive)
    }

    /// Encodes several images as progressive JPEGs at once on the machine's cores, in order: libjpeg's
    /// entropy coder is single-threaded, so one image at a time would leave a core idle.
    static func encodeConcurrently(_ images: [VipsImageRef], quality: Int) throws(MediaError) -> [[UInt8]] {
        /// libvips images may be read from several threads; each job encodes a different one.
        struct Jobs: @unchecked Sendable { let images: [VipsImageRef] }
        let jobs = Jobs(images: images)
        let results = Mutex([Result<[UInt8], MediaError>?](repeating: nil, count: images.count))
        DispatchQueue.concurrentPerform(iterations: images.count) { index in
            let result: Result<[UInt8], MediaError>
            do throws(MediaError) {
                result = .success(try encode(jobs.images[index], quality: quality, progressive: true))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { $0 }.map { result throws(MediaError) in
            guard let result else { throw .storageFailed("JPEG encoding did not run") }
            return try result.get()
        }
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
