import CVips

/// Owns one reference to a libvips image and drops it on deinit, so no path (including thrown errors) leaks
/// a GObject. Not Sendable: an image is used by the one job that made it.
final class VipsImageRef {
    let pointer: UnsafeMutablePointer<VipsImage>

    /// Memory the image reads its pixels from, when libvips does not own it.
    private let owner: AnyObject?

    init(_ pointer: UnsafeMutablePointer<VipsImage>, keepingAlive owner: AnyObject? = nil) {
        self.pointer = pointer
        self.owner = owner
    }
    deinit { mosaic_vips_unref(pointer) }

    /// An sRGB image holding a copy of interleaved 8-bit RGB pixels.
    convenience init(copying rgb: [UInt8], width: Int, height: Int) throws(MediaError) {
        let image = rgb.withUnsafeBytes { bytes in
            vips_image_new_from_memory_copy(bytes.baseAddress, bytes.count, Int32(width), Int32(height), 3,
                                            VIPS_FORMAT_UCHAR)
        }
        guard let image else { throw .corruptImage(VipsRuntime.takeError()) }
        mosaic_vips_set_srgb(image)
        self.init(image)
    }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }
    var isUChar: Bool { vips_image_get_format(pointer) == VIPS_FORMAT_UCHAR }
    var interpretation: VipsInterpretation { vips_image_get_interpretation(pointer) }

    /// EXIF orientation (1 = upright, 2…8 = flipped and/or rotated), 1 when absent.
    var orientation: Int {
        var value: Int32 = 1
        guard vips_image_get_typeof(pointer, "orientation") != 0,
              vips_image_get_int(pointer, "orientation", &value) == 0 else { return 1 }
        return Int(value)
    }

    /// EXIF orientation 5…8 swap width and height once the image is upright.
    var orientationSwapsAxes: Bool { (5...8).contains(orientation) }

    /// Runs one libvips operation that produces a new image; a failure becomes `failure(message)`.
    static func make(
        _ failure: (String) -> MediaError,
        _ operation: (UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32
    ) throws(MediaError) -> VipsImageRef {
        var out: UnsafeMutablePointer<VipsImage>?
        let status = operation(&out)
        guard status == 0, let out else {
            if let out { mosaic_vips_unref(out) }
            throw failure(VipsRuntime.takeError())
        }
        return VipsImageRef(out)
    }

    func map(
        _ failure: (String) -> MediaError,
        _ operation: (UnsafeMutablePointer<VipsImage>, UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32
    ) throws(MediaError) -> VipsImageRef {
        try VipsImageRef.make(failure) { out in operation(pointer, out) }
    }

    /// Brings any decoded image to 3-band 8-bit sRGB: alpha composited over white (JPEG has none), grey and
    /// CMYK/Lab converted, 16-bit reduced.
    func normalisedToSRGB() throws(MediaError) -> VipsImageRef {
        var image = self
        if image.hasAlpha {
            image = try image.map(MediaError.corruptImage) { mosaic_vips_flatten_white($0, $1) }
        }
        if image.bands != 3 || image.interpretation != VIPS_INTERPRETATION_sRGB {
            image = try image.map(MediaError.corruptImage) { mosaic_vips_to_srgb($0, $1) }
        }
        if image.bands > 3 {
            image = try image.map(MediaError.corruptImage) { mosaic_vips_extract_bands($0, $1, 0, 3) }
        }
        if !image.isUChar {
            image = try image.map(MediaError.corruptImage) { mosaic_vips_cast_uchar($0, $1) }
        }
        return image
    }
}
