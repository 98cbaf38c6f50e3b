import Foundation

/// Little-endian binary encoding for log records and checkpoints: fixed-width integers and length-prefixed
/// strings, no per-field tags. Compact, and decoding is a bounds-checked walk with no allocation but strings.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    public mutating func f64(_ v: Double) { u64(v.bitPattern) }
    public mutating func f32(_ v: Float) { u32(v.bitPattern) }
    public mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    /// Strings are truncated to 65,535 UTF-8 bytes (surfaces and categories are short; this is a guard).
    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8.prefix(Int(UInt16.max)))
        withUnsafeBytes(of: UInt16(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
    }
    public mutating func blob(_ b: [UInt8]) { u32(UInt32(b.count)); bytes.append(contentsOf: b) }
    public mutating func date(_ d: Date) { i64(Int64((d.timeIntervalSince1970 * 1000).rounded())) }
    public mutating func u32s(_ v: [UInt32]) {
        u32(UInt32(v.count))
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }   // little-endian hosts only (x86_64, arm64)
    }
}

/// Thrown when bytes read back do not decode: a checkpoint or record from another format version.
public struct DecodingFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}

public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var position: Int

    public init(_ bytes: [UInt8], position: Int = 0) { self.bytes = bytes; self.position = position }

    public var isAtEnd: Bool { position >= bytes.count }

    private mutating func take(_ n: Int) throws -> Int {
        guard n >= 0, position + n <= bytes.count else { throw DecodingFailure("truncated at byte \(position)") }
        defer { position += n }
        return position
    }
    public mutating func u8() throws -> UInt8 { bytes[try take(1)] }
    public mutating func u16() throws -> UInt16 {
        let p = try take(2)
        return UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
    }
    public mutating func u32() throws -> UInt32 {
        let p = try take(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[p + i]) << (8 * i) }
        return v
    }
    public mutating func u64() throws -> UInt64 {
        let p = try take(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[p + i]) << (8 * i) }
        return v
    }
    public mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    public mutating func f64() throws -> Double { Double(bitPattern: try u64()) }
    public mutating func f32() throws -> Float { Float(bitPattern: try u32()) }
    public mutating func bool() throws -> Bool { try u8() != 0 }
    public mutating func string() throws -> String {
        let n = Int(try u16())
        let p = try take(n)
        return String(decoding: bytes[p..<p + n], as: UTF8.self)
    }
    public mutating func blob() throws -> [UInt8] {
        let n = Int(try u32())
        let p = try take(n)
        return Array(bytes[p..<p + n])
    }
    public mutating func date() throws -> Date { Date(timeIntervalSince1970: Double(try i64()) / 1000) }
    public mutating func u32s() throws -> [UInt32] {
        let n = Int(try u32())
        let p = try take(n * 4)
        return [UInt32](unsafeUninitializedCapacity: n) { buf, count in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[p..<p + n * 4]))
            }
            count = n
        }
    }
}
