import Foundation

/// The on-disk container every model uses: magic, model kind, format version, then little-endian fields
/// written in a fixed order by the model itself. Files are written to a temporary name and renamed, so a
/// server that loads the newest file never sees a half-written one.
public enum ModelFile {
    static let magic: [UInt8] = Array("MOSAICML".utf8)

    public enum FormatError: Error, CustomStringConvertible {
        case notAModelFile(String)
        case wrongKind(expected: String, found: String)
        case unsupportedVersion(kind: String, version: UInt32)
        case truncated
        public var description: String {
            switch self {
            case .notAModelFile(let p): return "\(p) is not a Mosaic model file"
            case .wrongKind(let e, let f): return "expected a \(e) model, found \(f)"
            case .unsupportedVersion(let k, let v): return "\(k) format version \(v) is not supported"
            case .truncated: return "model file is truncated"
            }
        }
    }

    public static func write(_ path: String, kind: String, version: UInt32, body: (inout ModelWriter) -> Void) throws {
        var w = ModelWriter()
        w.bytes.append(contentsOf: magic)
        w.string(kind)
        w.uint32(version)
        body(&w)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(w.bytes).write(to: url, options: .atomic)
    }

    /// Opens a file, checks magic and kind, and hands the reader and format version to `body`.
    public static func read<T>(_ path: String, kind: String, body: (inout ModelReader, UInt32) throws -> T) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw FormatError.notAModelFile(path) }
        var r = ModelReader(bytes: [UInt8](data))
        guard r.bytes.count >= magic.count, Array(r.bytes[0..<magic.count]) == magic else {
            throw FormatError.notAModelFile(path)
        }
        r.position = magic.count
        let found = try r.string()
        guard found == kind else { throw FormatError.wrongKind(expected: kind, found: found) }
        let version = try r.uint32()
        return try body(&r, version)
    }
}

public struct ModelWriter {
    var bytes: [UInt8] = []

    mutating func uint32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func float(_ v: Float) { uint32(v.bitPattern) }
    mutating func string(_ s: String) { let u = Array(s.utf8); int(u.count); bytes.append(contentsOf: u) }
    mutating func strings(_ a: [String]) { int(a.count); for s in a { string(s) } }
    mutating func floats(_ a: [Float]) {
        int(a.count)
        for v in a { uint32(v.bitPattern) }
    }
    mutating func table(_ t: EmbeddingTable) { int(t.rowCount); int(t.dimension); floats(t.values) }
    mutating func network(_ n: FeedForwardNetwork) {
        int(n.layers.count)
        for l in n.layers {
            int(l.inputCount); int(l.outputCount); int(Int(l.activation.rawValue)); floats(l.weights); floats(l.bias)
        }
    }
}

public struct ModelReader {
    let bytes: [UInt8]
    var position = 0

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, position + n <= bytes.count else { throw ModelFile.FormatError.truncated }
        defer { position += n }
        return bytes[position ..< position + n]
    }

    mutating func uint32() throws -> UInt32 {
        let s = try take(4)
        return s.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func int() throws -> Int {
        let s = try take(8)
        return Int(Int64(bitPattern: s.reversed().reduce(0) { $0 << 8 | UInt64($1) }))
    }

    mutating func float() throws -> Float { Float(bitPattern: try uint32()) }
    mutating func string() throws -> String { String(decoding: try take(try int()), as: UTF8.self) }
    mutating func strings() throws -> [String] { try (0..<(try int())).map { _ in try string() } }

    mutating func floats() throws -> [Float] {
        let n = try int()
        let s = try take(n * 4)
        var out = [Float](repeating: 0, count: n)
        out.withUnsafeMutableBytes { dst in
            s.withUnsafeBytes { src in dst.copyMemory(from: src) }
        }
        #if _endian(big)
        for i in out.indices { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
        #endif
        return out
    }

    mutating func table() throws -> EmbeddingTable {
        let rows = try int(), dim = try int()
        let values = try floats()
        guard values.count == rows * dim else { throw ModelFile.FormatError.truncated }
        return EmbeddingTable(rowCount: rows, dimension: dim, values: values)
    }

    mutating func network() throws -> FeedForwardNetwork {
        let count = try int()
        var layers: [DenseLayer] = []
        for _ in 0..<count {
            let i = try int(), o = try int()
            guard let a = Activation(rawValue: UInt8(truncatingIfNeeded: try int())) else { throw ModelFile.FormatError.truncated }
            let w = try floats(), b = try floats()
            guard w.count == i * o, b.count == o else { throw ModelFile.FormatError.truncated }
            layers.append(DenseLayer(inputCount: i, outputCount: o, activation: a, weights: w, bias: b))
        }
        return FeedForwardNetwork(layers: layers)
    }
}
