/// A consumer's committed position and its projection's state, stored together in
/// `<log>/consumers/<name>.ckpt`: `"MCKP" | version u8 | nextOffset u64 | crc32c u32 | state blob`.
/// Replaced atomically (temporary file, fsync, rename, directory fsync), so it is always one whole commit.
struct ConsumerCheckpoint {
    var nextOffset: UInt64
    var state: [UInt8]

    static let magic: [UInt8] = Array("MCKP".utf8)

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: state.count + 24)
        for b in Self.magic { w.u8(b) }
        w.u8(1)
        w.u64(nextOffset)
        w.u32(CRC32C.checksum(state))
        w.blob(state)
        return w.bytes
    }

    init(nextOffset: UInt64, state: [UInt8]) { self.nextOffset = nextOffset; self.state = state }

    init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        for b in Self.magic where try r.u8() != b { throw DecodingFailure("not a consumer checkpoint") }
        guard try r.u8() == 1 else { throw DecodingFailure("unknown checkpoint version") }
        nextOffset = try r.u64()
        let crc = try r.u32()
        state = try r.blob()
        guard CRC32C.checksum(state) == crc else { throw DecodingFailure("checkpoint checksum mismatch") }
    }

    static func path(directory: String, name: String) -> String { directory + "/consumers/" + name + ".ckpt" }

    static func load(directory: String, name: String) throws -> ConsumerCheckpoint? {
        try SegmentFile.readWhole(path(directory: directory, name: name)).map { try ConsumerCheckpoint(decoding: $0) }
    }

    func save(directory: String, name: String) throws {
        try SegmentFile.replaceAtomically(Self.path(directory: directory, name: name), with: encoded())
    }
}
