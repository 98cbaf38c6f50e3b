import CVips
import Foundation
import Synchronization

/// The process-wide libvips state. `vips_init` must run exactly once before any operation; a Swift `static
/// let` is initialised atomically on first use, which gives exactly that from any thread.
enum VipsRuntime {
    private static let started: Bool = {
        guard vips_init("mosaic") == 0 else { return false }
        // A server sees every upload once: libvips' operation cache would only pin decoded images in memory.
        vips_cache_set_max(0)
        vips_cache_set_max_mem(0)
        vips_cache_set_max_files(0)
        return true
    }()

    /// libvips keeps one error buffer per process; reading and clearing it is serialised so concurrent jobs
    /// do not interleave their messages mid-copy.
    private static let errorLock = Mutex(())

    static func start() throws(MediaError) {
        if !started { throw .storageFailed("libvips failed to initialise") }
    }

    /// The accumulated libvips error text, cleared for the next caller.
    static func takeError() -> String {
        errorLock.withLock { _ in
            guard let copy = vips_error_buffer_copy() else { return "unknown libvips error" }
            defer { mosaic_vips_free(copy) }
            let text = String(cString: copy).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "unknown libvips error" : text
        }
    }

    static func hasOperation(_ nickname: String) -> Bool {
        guard (try? start()) != nil else { return false }
        return vips_type_find("VipsOperation", nickname) != 0
    }
}
