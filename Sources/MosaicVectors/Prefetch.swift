/// LLVM's prefetch intrinsic, reached through `@_silgen_name` because Swift has no prefetch API. Graph search
/// is bound by memory latency: while one neighbour's distance is computed, the next neighbours' vectors are
/// already on their way into the cache (hnswlib does the same with `_mm_prefetch`). Arguments: address,
/// 0 = read, locality 3 = keep in all cache levels, 1 = data cache. Checked in the generated code
/// (`prefetcht0`).
@_silgen_name("llvm.prefetch.p0")
func _llvmPrefetch(_ address: UnsafeRawPointer, _ readWrite: Int32, _ locality: Int32, _ cacheType: Int32)

@inline(__always)
func prefetch(_ address: UnsafeRawPointer) {
    _llvmPrefetch(address, 0, 3, 1)
}
