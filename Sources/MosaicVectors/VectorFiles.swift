#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `.fvecs` / `.ivecs` formats of the TEXMEX corpora (SIFT-1M, GIST-1M) that every ANN benchmark reads:
/// each row is a little-endian Int32 dimension followed by that many Float32 (fvecs) or Int32 (ivecs) values.
public enum VectorFiles {
    public static func readFvecs(_ path: String, limit: Int? = nil) throws -> VectorMatrix {
        let (dimension, values) = try readRows(path, limit: limit)
        return VectorMatrix(dimension: dimension, storage: values.map { Float(bitPattern: $0) })
    }

    public static func readIvecs(_ path: String, limit: Int? = nil) throws -> [[Int32]] {
        let (dimension, values) = try readRows(path, limit: limit)
        return stride(from: 0, to: values.count, by: dimension).map { start in
            values[start..<(start + dimension)].map { Int32(bitPattern: $0) }
        }
    }

    public static func writeFvecs(_ matrix: VectorMatrix, to path: String) throws {
        try writeRows(path, rows: matrix.count, dimension: matrix.dimension) { r, out in
            matrix.withRow(r) { p in for j in 0..<matrix.dimension { out[j] = p[j].bitPattern } }
        }
    }

    public static func writeIvecs(_ rows: [[Int32]], to path: String) throws {
        let d = rows.first?.count ?? 0
        try writeRows(path, rows: rows.count, dimension: d) { r, out in
            precondition(rows[r].count == d, "ivecs rows must have equal length")
            for j in 0..<d { out[j] = UInt32(bitPattern: rows[r][j]) }
        }
    }

    static func readRows(_ path: String, limit: Int?) throws -> (Int, [UInt32]) {
        guard let file = fopen(path, "rb") else { throw VectorIndexFileError.io(path: path, operation: "open", errno: errno) }
        defer { fclose(file) }
        var dim: Int32 = 0
        guard fread(&dim, 4, 1, file) == 1, dim > 0, dim < 1 << 20 else {
            throw VectorIndexFileError.corrupt(path: path, reason: "bad first row header")
        }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        let rowBytes = 4 + Int(dim) * 4
        guard size % rowBytes == 0 else { throw VectorIndexFileError.corrupt(path: path, reason: "ragged rows") }
        let rows = min(size / rowBytes, limit ?? Int.max)
        var raw = [UInt32](repeating: 0, count: rows * (Int(dim) + 1))
        let got = raw.withUnsafeMutableBytes { fread($0.baseAddress, rowBytes, rows, file) }
        guard got == rows else { throw VectorIndexFileError.corrupt(path: path, reason: "short read") }
        var values = [UInt32]()
        values.reserveCapacity(rows * Int(dim))
        for r in 0..<rows {
            let start = r * (Int(dim) + 1)
            guard raw[start] == UInt32(dim) else { throw VectorIndexFileError.corrupt(path: path, reason: "row \(r) dimension") }
            values.append(contentsOf: raw[(start + 1)...(start + Int(dim))])
        }
        return (Int(dim), values)
    }

    static func writeRows(_ path: String, rows: Int, dimension: Int, fill: (Int, UnsafeMutableBufferPointer<UInt32>) -> Void) throws {
        guard let file = fopen(path, "wb") else { throw VectorIndexFileError.io(path: path, operation: "open", errno: errno) }
        defer { fclose(file) }
        var row = [UInt32](repeating: 0, count: dimension + 1)
        row[0] = UInt32(dimension)
        for r in 0..<rows {
            row.withUnsafeMutableBufferPointer { b in fill(r, UnsafeMutableBufferPointer(rebasing: b[1...])) }
            let n = row.withUnsafeBytes { fwrite($0.baseAddress, 4, dimension + 1, file) }
            guard n == dimension + 1 else { throw VectorIndexFileError.io(path: path, operation: "write", errno: errno) }
        }
    }
}
