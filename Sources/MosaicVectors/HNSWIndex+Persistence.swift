#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Errors from reading or writing index files.
public enum VectorIndexFileError: Error, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case notAnIndex(path: String)
    case unsupportedVersion(UInt32)
    case corrupt(path: String, reason: String)

    public var description: String {
        switch self {
        case let .io(path, op, e): return "\(op) \(path): \(String(cString: strerror(e)))"
        case let .notAnIndex(path): return "\(path) is not a Mosaic HNSW file"
        case let .unsupportedVersion(v): return "unsupported HNSW file version \(v)"
        case let .corrupt(path, reason): return "\(path) is corrupt: \(reason)"
        }
    }
}

/// The on-disk layout, version 2. Little-endian, flat, every section at a 64-byte boundary so the file can be
/// memory-mapped and the node records used in place:
///
///     header (128 bytes): magic "MOSHNSW\0", version, metric, dimension, M, efConstruction, efSearch, seed,
///                         slotCount, entry, recordStride, upperWords, checksum
///     records     slotCount × recordStride   vector + tag (ID, attributes) + layer-0 list, exactly as in memory
///     levels      slotCount × UInt8
///     tombstones  slotCount × UInt8
///     upper       upperWords × UInt32        upper-layer lists of nodes with level > 0, in slot order
///
/// Version 1 (still read, converted on load) kept the IDs in a section of their own after the records, and
/// records of vector + list rounded to 16 bytes; its nodes load with `.unknown` attributes.
///
/// Saving writes a temporary file next to the target, fsyncs it, renames it over the target and fsyncs the
/// directory: a crash at any point leaves either the old file or the new one, never a mix. The checksum
/// (over every section) catches torn or truncated copies made by other tools.
enum HNSWFileFormat {
    static let magic: UInt64 = 0x0057_534E_4853_4F4D  // "MOSHNSW\0"
    static let version: UInt32 = 2
    static let headerSize = 128

    static func align(_ n: Int) -> Int { (n + 63) & ~63 }

    /// A 64-bit multiplicative hash over 8-byte words (plus the tail), fast enough to run on every load.
    static func checksum(_ p: UnsafeRawPointer, _ n: Int, _ seed: UInt64) -> UInt64 {
        var h = seed ^ 0xCBF2_9CE4_8422_2325
        var h2: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = n / 8
        var i = 0
        while i + 2 <= words {
            h = (h ^ p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ p.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            i += 2
        }
        if i < words { h = (h ^ p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3 }
        for j in (words * 8)..<n { h = (h ^ UInt64(p.load(fromByteOffset: j, as: UInt8.self))) &* 0x0000_0100_0000_01B3 }
        return h ^ (h2 &* 31) ^ UInt64(n)
    }
}

extension HNSWIndex {
    /// Writes the index to `path` atomically (see `HNSWFileFormat`). Holds the index exclusively while
    /// writing, so concurrent searches and inserts wait (about a second per GB on this machine's disk).
    public func save(to path: String) throws {
        try structure.withWriteLock {
            let n = slotCount.load(ordering: .relaxed)
            var upperWords = 0
            for s in 0..<n { upperWords += Int(levels[s]) * upperLayerWords }
            let sections: [(UnsafeRawPointer, Int)] = [
                (UnsafeRawPointer(records), n * recordStride),
                (UnsafeRawPointer(levels), n),
                (UnsafeRawPointer(tombstones), n),
            ]
            let upper = UnsafeMutableRawPointer.allocate(byteCount: max(upperWords * 4, 1), alignment: 64)
            defer { upper.deallocate() }
            var offset = 0
            for s in 0..<n where levels[s] > 0 {
                let bytes = Int(levels[s]) * upperLayerWords * 4
                (upper + offset).copyMemory(from: upperLinks[s]!, byteCount: bytes)
                offset += bytes
            }
            let all = sections + [(UnsafeRawPointer(upper), upperWords * 4)]
            var sum: UInt64 = 0
            for (i, (p, len)) in all.enumerated() { sum ^= HNSWFileFormat.checksum(p, len, UInt64(i)) &* UInt64(i + 1) }

            var header = [UInt8](repeating: 0, count: HNSWFileFormat.headerSize)
            header.withUnsafeMutableBytes { h in
                h.storeBytes(of: HNSWFileFormat.magic, toByteOffset: 0, as: UInt64.self)
                h.storeBytes(of: HNSWFileFormat.version, toByteOffset: 8, as: UInt32.self)
                h.storeBytes(of: metric.rawValue, toByteOffset: 12, as: UInt32.self)
                h.storeBytes(of: UInt32(dimension), toByteOffset: 16, as: UInt32.self)
                h.storeBytes(of: UInt32(parameters.M), toByteOffset: 20, as: UInt32.self)
                h.storeBytes(of: UInt32(parameters.efConstruction), toByteOffset: 24, as: UInt32.self)
                h.storeBytes(of: UInt32(parameters.efSearch), toByteOffset: 28, as: UInt32.self)
                h.storeBytes(of: parameters.seed, toByteOffset: 32, as: UInt64.self)
                h.storeBytes(of: UInt64(n), toByteOffset: 40, as: UInt64.self)
                h.storeBytes(of: entry.load(ordering: .relaxed), toByteOffset: 48, as: UInt64.self)
                h.storeBytes(of: UInt64(recordStride), toByteOffset: 56, as: UInt64.self)
                h.storeBytes(of: UInt64(upperWords), toByteOffset: 64, as: UInt64.self)
                h.storeBytes(of: sum, toByteOffset: 72, as: UInt64.self)
            }

            let temporary = path + ".tmp-\(getpid())"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw VectorIndexFileError.io(path: temporary, operation: "open", errno: errno) }
            var ok = false
            defer {
                if !ok {
                    close(fd)
                    unlink(temporary)
                }
            }
            let zeros = [UInt8](repeating: 0, count: 64)
            try header.withUnsafeBytes { try Self.writeAll(fd, $0.baseAddress!, $0.count, temporary) }
            var written = HNSWFileFormat.headerSize
            for (p, len) in all {
                let pad = HNSWFileFormat.align(written) - written
                if pad > 0 { try zeros.withUnsafeBytes { try Self.writeAll(fd, $0.baseAddress!, pad, temporary) } }
                written += pad
                try Self.writeAll(fd, p, len, temporary)
                written += len
            }
            guard fsync(fd) == 0 else { throw VectorIndexFileError.io(path: temporary, operation: "fsync", errno: errno) }
            ok = true
            close(fd)
            guard rename(temporary, path) == 0 else {
                let e = errno
                unlink(temporary)
                throw VectorIndexFileError.io(path: path, operation: "rename", errno: e)
            }
            Self.syncDirectory(of: path)
        }
    }

    /// Reads an index written by `save(to:)`. The result accepts inserts, deletes and searches as usual.
    public static func load(from path: String) throws -> HNSWIndex {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw VectorIndexFileError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw VectorIndexFileError.io(path: path, operation: "stat", errno: errno) }
        let fileSize = Int(st.st_size)
        guard fileSize >= HNSWFileFormat.headerSize else { throw VectorIndexFileError.notAnIndex(path: path) }
        var header = [UInt8](repeating: 0, count: HNSWFileFormat.headerSize)
        try header.withUnsafeMutableBytes { try readAll(fd, $0.baseAddress!, $0.count, path) }
        let h = header.withUnsafeBytes { Array($0) }
        func u32(_ o: Int) -> UInt32 { h.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: UInt32.self) } }
        func u64(_ o: Int) -> UInt64 { h.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: UInt64.self) } }
        guard u64(0) == HNSWFileFormat.magic else { throw VectorIndexFileError.notAnIndex(path: path) }
        let version = u32(8)
        guard version == 1 || version == HNSWFileFormat.version else { throw VectorIndexFileError.unsupportedVersion(version) }
        guard let metric = DistanceMetric(rawValue: u32(12)) else {
            throw VectorIndexFileError.corrupt(path: path, reason: "unknown metric \(u32(12))")
        }
        let dimension = Int(u32(16)), M = Int(u32(20))
        guard dimension > 0, M >= 2, M <= 128 else { throw VectorIndexFileError.corrupt(path: path, reason: "bad header") }
        let parameters = HNSWParameters(M: M, efConstruction: max(Int(u32(24)), 1), efSearch: max(Int(u32(28)), 1),
                                        seed: u64(32))
        let n = Int(u64(40))
        let storedEntry = u64(48)
        let upperWords = Int(u64(64))
        let index = HNSWIndex(dimension: dimension, metric: metric, parameters: parameters, capacity: max(n, 16))
        // Version 1: records of vector + list rounded to 16 bytes, IDs in a section of their own.
        let legacyStride = (dimension * 4 + (1 + 2 * M) * 4 + 15) & ~15
        let fileStride = version == 1 ? legacyStride : index.recordStride
        guard Int(u64(56)) == fileStride else {
            throw VectorIndexFileError.corrupt(path: path, reason: "record size \(u64(56)) ≠ \(fileStride)")
        }
        let lengths = version == 1 ? [n * fileStride, n * 8, n, n, upperWords * 4] : [n * fileStride, n, n, upperWords * 4]
        var expected = HNSWFileFormat.headerSize
        for len in lengths { expected = HNSWFileFormat.align(expected) + len }
        guard fileSize == expected else {
            throw VectorIndexFileError.corrupt(path: path, reason: "size \(fileSize), expected \(expected)")
        }

        let upper = UnsafeMutableRawPointer.allocate(byteCount: max(upperWords * 4, 1), alignment: 64)
        defer { upper.deallocate() }
        let legacy = version == 1 ? UnsafeMutableRawPointer.allocate(byteCount: max(n * (fileStride + 8), 1), alignment: 64) : nil
        defer { legacy?.deallocate() }
        var sections: [(UnsafeMutableRawPointer, Int)] = [
            (UnsafeMutableRawPointer(index.levels), n), (UnsafeMutableRawPointer(index.tombstones), n), (upper, upperWords * 4),
        ]
        if let legacy {
            sections.insert(contentsOf: [(legacy, n * fileStride), (legacy + n * fileStride, n * 8)], at: 0)
        } else {
            sections.insert((index.records, n * fileStride), at: 0)
        }
        var position = HNSWFileFormat.headerSize
        for (p, len) in sections {
            let aligned = HNSWFileFormat.align(position)
            guard lseek(fd, off_t(aligned), SEEK_SET) == off_t(aligned) else {
                throw VectorIndexFileError.io(path: path, operation: "seek", errno: errno)
            }
            try readAll(fd, p, len, path)
            position = aligned + len
        }
        var sum: UInt64 = 0
        for (i, (p, len)) in sections.enumerated() { sum ^= HNSWFileFormat.checksum(p, len, UInt64(i)) &* UInt64(i + 1) }
        guard sum == u64(72) else { throw VectorIndexFileError.corrupt(path: path, reason: "checksum mismatch") }
        if let legacy {
            // Each old record's vector and list move to their places in the new record; the ID joins them.
            let listBytes = (1 + 2 * M) * 4
            for s in 0..<n {
                let from = legacy + s * fileStride, to = index.records + s * index.recordStride
                to.copyMemory(from: from, byteCount: dimension * 4)
                (to + index.linksOffset).copyMemory(from: from + dimension * 4, byteCount: listBytes)
                (to + index.tagOffset).storeBytes(of: (legacy + n * fileStride).load(fromByteOffset: s * 8, as: UInt64.self),
                                                  as: UInt64.self)
            }
        }

        // Rebuild the upper lists and the ID map; validate every link so a bad file cannot cause wild reads.
        var offset = 0
        var map: [UInt64: UInt32] = [:]
        map.reserveCapacity(n)
        var tombstoned = 0
        for s in 0..<n {
            let level = Int(index.levels[s])
            if level > 0 {
                let bytes = level * index.upperLayerWords * 4
                guard offset + bytes <= upperWords * 4 else {
                    throw VectorIndexFileError.corrupt(path: path, reason: "upper lists truncated")
                }
                let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
                block.copyMemory(from: upper + offset, byteCount: bytes)
                index.upperLinks[s] = block
                offset += bytes
            }
            index.slotCount.store(s + 1, ordering: .relaxed)
            for layer in 0...level {
                let list = index.links(UInt32(s), layer: layer)
                let count = Int(list[0].load(ordering: .relaxed))
                guard count <= index.maxLinks(layer: layer) else {
                    throw VectorIndexFileError.corrupt(path: path, reason: "node \(s) has \(count) links")
                }
                for j in 0..<count where Int(list[j + 1].load(ordering: .relaxed)) >= n {
                    throw VectorIndexFileError.corrupt(path: path, reason: "node \(s) links outside the graph")
                }
            }
            if index.tombstones[s].load(ordering: .relaxed) != 0 {
                tombstoned += 1
            } else {
                map[index.label(s)] = UInt32(s)
            }
        }
        if storedEntry != HNSWIndex.noEntry {
            guard Int(UInt32(truncatingIfNeeded: storedEntry)) < n,
                  Int(storedEntry >> 32) == Int(index.levels[Int(UInt32(truncatingIfNeeded: storedEntry))]) else {
                throw VectorIndexFileError.corrupt(path: path, reason: "bad entry point")
            }
        }
        index.entry.store(storedEntry, ordering: .relaxed)
        index.registry.withLock { r in
            r.idToSlot = map
            r.tombstoneCount = tombstoned
            r.levelGenerator = SplitMix64(seed: parameters.seed ^ UInt64(n))
        }
        return index
    }

    static func writeAll(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int, _ path: String) throws {
        var done = 0
        while done < n {
            let r = write(fd, p + done, min(n - done, 1 << 30))
            if r < 0 {
                if errno == EINTR { continue }
                throw VectorIndexFileError.io(path: path, operation: "write", errno: errno)
            }
            done += r
        }
    }

    static func readAll(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int, _ path: String) throws {
        var done = 0
        while done < n {
            let r = read(fd, p + done, min(n - done, 1 << 30))
            if r < 0 {
                if errno == EINTR { continue }
                throw VectorIndexFileError.io(path: path, operation: "read", errno: errno)
            }
            if r == 0 { throw VectorIndexFileError.corrupt(path: path, reason: "truncated") }
            done += r
        }
    }

    static func syncDirectory(of path: String) {
        var directory = path
        if let slash = directory.lastIndex(of: "/") {
            directory = String(directory[..<slash])
            if directory.isEmpty { directory = "/" }
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
