#ifndef MOSAIC_CVIPS_SHIM_H
#define MOSAIC_CVIPS_SHIM_H
// libvips' operations are C variadic functions, which Swift cannot call. Each wrapper below fixes the
// optional arguments Mosaic uses, so Swift sees plain prototypes.
#include <vips/vips.h>

/// Opens a file lazily: only the header is read, so width/height can be checked before any pixel decode.
static inline VipsImage *mosaic_vips_open_header(const char *path) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

/// Decode with shrink-on-load, auto-rotation (EXIF orientation) and conversion to sRGB, to fit width x height.
/// `fail_on` makes truncated or corrupt data an error instead of a grey-padded image.
static inline int mosaic_vips_thumbnail_file(const char *path, VipsImage **out, int width, int height) {
    return vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_BOTH,
                          "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

/// Resize an in-memory image to exactly width x height; `crop` nonzero crops to fill using the attention
/// strategy (smart crop), zero keeps the aspect ratio and fits inside the box.
static inline int mosaic_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height, int crop) {
    return vips_thumbnail_image(in, out, width, "height", height, "size", VIPS_SIZE_BOTH,
                                "crop", crop ? VIPS_INTERESTING_ATTENTION : VIPS_INTERESTING_NONE, NULL);
}

/// Composite an alpha channel over white: JPEG has no alpha.
static inline int mosaic_vips_flatten_white(VipsImage *in, VipsImage **out) {
    VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    int result = vips_flatten(in, out, "background", white, NULL);
    vips_area_unref(VIPS_AREA(white));
    return result;
}

static inline int mosaic_vips_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL);
}

static inline int mosaic_vips_cast_uchar(VipsImage *in, VipsImage **out) {
    return vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL);
}

static inline int mosaic_vips_extract_bands(VipsImage *in, VipsImage **out, int first, int count) {
    return vips_extract_band(in, out, first, "n", count, NULL);
}

/// Progressive, Huffman-optimised JPEG with every metadata block (EXIF, XMP, IPTC, ICC) stripped.
static inline int mosaic_vips_jpegsave(VipsImage *in, const char *path, int quality) {
    return vips_jpegsave(in, path, "Q", quality, "interlace", TRUE, "optimize_coding", TRUE,
                         "strip", TRUE, NULL);
}

static inline int mosaic_vips_jpegsave_buffer(VipsImage *in, void **buffer, size_t *length, int quality,
                                              int progressive) {
    return vips_jpegsave_buffer(in, buffer, length, "Q", quality, "interlace", progressive ? TRUE : FALSE,
                                "optimize_coding", TRUE, "strip", TRUE, NULL);
}

/// Marks a raw buffer image as sRGB so colour-aware operations treat it correctly.
static inline void mosaic_vips_set_srgb(VipsImage *image) {
    image->Type = VIPS_INTERPRETATION_sRGB;
}

static inline void mosaic_vips_unref(VipsImage *image) {
    g_object_unref(image);
}

static inline void mosaic_vips_free(void *pointer) {
    g_free(pointer);
}
#endif
