import Foundation

/// Writes a file under a temporary name in the same directory and renames it into place, so a reader (or a
/// crash) never sees half a JPEG.
enum AtomicFile {
    /// `produce` writes the temporary path and returns success; returns the final size in bytes.
    static func write(to destination: String, _ produce: (String) -> Bool) throws(MediaError) -> Int {
        let temporary = destination + ".tmp-\(UInt64.random(in: 0...UInt64.max))"
        guard produce(temporary) else {
            unlink(temporary)
            throw .storageFailed("cannot encode \(destination): \(VipsRuntime.takeError())")
        }
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw .storageFailed("cannot rename into \(destination)")
        }
        var info = stat()
        return stat(destination, &info) == 0 ? Int(info.st_size) : 0
    }
}
