#ifndef MOSAIC_CVIPS_SHIM_H
#define MOSAIC_CVIPS_SHIM_H
// libvips' operations are C variadic functions, which Swift cannot call. Each wrapper below fixes the
// optional arguments Mosaic uses, so Swift sees plain prototypes.
#include <vips/vips.h>

/// Opens a file lazily: only the header is read, so width/height can be checked before any pixel decode.
static inline VipsImage *mosaic_vips_open_header(const char *path) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

/// Decode with shrink-on-load, auto-rotation (EXIF orientation) and conversion to sRGB, to fit inside
/// width x height, never enlarged (the caller upsamples small images). `fail_on` makes truncated or corrupt
/// data an error instead of a grey-padded image.
static inline int mosaic_vips_thumbnail_file(const char *path, VipsImage **out, int width, int height) {
    return vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_DOWN,
                          "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

/// JPEG decode with libjpeg's DCT-domain shrink-on-load (`shrink` 1, 2, 4 or 8). vips_thumbnail only
/// pre-shrinks a JPEG when at least a further 2x reduction remains, so a 4000 x 3000 photo for a 1080 base
/// would be decoded at full size; the caller picks the largest factor that keeps the base short side instead
/// (as Pillow's draft mode does). `sequential` reads it top to bottom once; rotating by the EXIF orientation
/// needs random access.
static inline int mosaic_vips_jpegload_shrink(const char *path, VipsImage **out, int shrink, int sequential) {
    return vips_jpegload(path, out, "shrink", shrink,
                         "access", sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM,
                         "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

/// Rotates/flips upright by the EXIF orientation tag and removes the tag.
static inline int mosaic_vips_autorot(VipsImage *in, VipsImage **out) {
    return vips_autorot(in, out, NULL);
}

/// Where libvips' attention strategy (edges, skin tones, saturation) centres a width x height crop of `in`;
/// the cropped image itself is discarded. Attention analyses a 32 x 32 reduction of its input, so a small
/// copy of a large image gives the same answer at a fraction of the cost.
static inline int mosaic_vips_attention_centre(VipsImage *in, int width, int height, int *x, int *y) {
    VipsImage *cropped = NULL;
    int result = vips_smartcrop(in, &cropped, width, height, "interesting", VIPS_INTERESTING_ATTENTION,
                                "attention_x", x, "attention_y", y, NULL);
    if (cropped) g_object_unref(cropped);
    return result;
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
