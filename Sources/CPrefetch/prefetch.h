#ifndef MOSAIC_PREFETCH_H
#define MOSAIC_PREFETCH_H

/* Cache prefetch hints for the HNSW search loop. Swift has no prefetch instruction, and binding LLVM's
 * intrinsic with @_silgen_name breaks the thread-sanitizer build; a static inline C function compiles to the
 * single instruction (PREFETCHT0 on x86-64, PRFM on AArch64) and inlines into the Swift caller. */

/* Asks for the `lines` 64-byte cache lines starting at `p`, for reading, into every cache level. */
static inline void mosaic_prefetch_lines(const void *p, int lines) {
    const char *c = (const char *)p;
    for (int i = 0; i < lines; i++) {
        __builtin_prefetch(c + 64 * i, 0, 3);
    }
}

#endif
