import Foundation

/// Writes a file under a temporary name in the same directory and renames it into place, so a reader (or a
/// crash) never sees half a JPEG.
enum AtomicFile {
    /// Writes `bytes` to `destination`; returns the size in bytes.
    static func write(_ bytes: [UInt8], to destination: String) throws(MediaError) -> Int {
        let temporary = destination + ".tmp-\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            unlink(temporary)
            throw .storageFailed("cannot write \(destination)")
        }
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw .storageFailed("cannot rename into \(destination)")
        }
        return bytes.count
    }
}
