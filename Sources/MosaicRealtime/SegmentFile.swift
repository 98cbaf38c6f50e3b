#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An I/O failure with the path and `errno` text, so an operator can tell a full disk from a permission error.
public struct LogIOError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ op: String, _ path: String, errno e: Int32 = errno) {
        description = "\(op) \(path): \(String(cString: strerror(e)))"
    }
    init(message: String) { description = message }
}

/// One open file of a segmented log: positional reads and writes on a raw descriptor (no buffering layer, so
/// that what `write` returned is in the kernel and what `sync` returned is on the device).
final class SegmentFile {
    let path: String
    private let fd: Int32

    init(path: String, create: Bool) throws {
        self.path = path
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw LogIOError("open", path) }
        self.fd = fd
    }

    deinit { close(fd) }

    var size: UInt64 {
        get throws {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw LogIOError("fstat", path) }
            return UInt64(st.st_size)
        }
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw LogIOError("write", path) }
                done += n
            }
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(count: Int, at offset: UInt64) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw LogIOError("read", path) }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
    }

    /// Data (not metadata beyond size) to the device: what "durable" means for an append.
    func sync() throws {
        #if canImport(Glibc)
        guard fdatasync(fd) == 0 else { throw LogIOError("fdatasync", path) }
        #else
        guard fsync(fd) == 0 else { throw LogIOError("fsync", path) }
        #endif
    }

    /// A second descriptor for the same file, so a sync can run on another thread while this one is written
    /// to (and even closed): the sync syncs the file, not the descriptor.
    func syncHandle() throws -> SyncHandle {
        let d = dup(fd)
        guard d >= 0 else { throw LogIOError("dup", path) }
        return SyncHandle(fd: d, path: path)
    }

    func truncate(to size: UInt64) throws {
        guard ftruncate(fd, off_t(size)) == 0 else { throw LogIOError("ftruncate", path) }
    }

    /// A new or removed file is durable only once its directory entry is; fsync the directory after either.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LogIOError("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LogIOError("fsync", path) }
    }

    /// Atomically replaces `path` with `bytes`: write a temporary, fsync it, rename over, fsync the directory.
    /// A crash leaves either the old file or the new one, never a mix.
    static func replaceAtomically(_ path: String, with bytes: [UInt8]) throws {
        let tmp = path + ".tmp"
        do {
            let f = try SegmentFile(path: tmp, create: true)
            try f.truncate(to: 0)
            try f.write(bytes, at: 0)
            try f.sync()
        }
        guard rename(tmp, path) == 0 else { throw LogIOError("rename", tmp) }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    static func readWhole(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let f = try SegmentFile(path: path, create: false)
        return try f.read(count: Int(try f.size), at: 0)
    }
}
