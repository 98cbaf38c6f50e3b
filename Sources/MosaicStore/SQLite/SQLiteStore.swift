import Foundation
import GRDB
import MosaicCore

/// The embedded default: one SQLite file in WAL mode, through GRDB.
///
/// Durability: `synchronous = FULL` in WAL mode fsyncs the log at every commit, so a write that returned is
/// on disk before the HTTP answer leaves (it survives `kill -9` and power loss alike). Reads run concurrently
/// with the single writer (WAL snapshots); GRDB runs both on its own threads, never on the async executor.
public final class SQLiteStore: Sendable {
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `mosaic.sqlite` in `directory` and runs the migrations.
    public init(directory: String, synchronousFull: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("mosaic.sqlite")
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 8
        let sync = synchronousFull ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(sync)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try SQLiteMigrations.migrator.migrate(pool)
    }

    /// Maps SQLite constraint failures to the domain's conflict errors; everything else is an internal error.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }
}

extension Date {
    /// Stored as integer Unix milliseconds: exact, sortable and the same in SQLite and PostgreSQL.
    var unixMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(unixMillis: Int64) { self.init(timeIntervalSince1970: Double(unixMillis) / 1000) }
}

extension Row {
    func id(_ column: String) -> MosaicID { MosaicID(int64: self[column]) }
    func optionalID(_ column: String) -> MosaicID? { (self[column] as Int64?).map(MosaicID.init(int64:)) }
    func date(_ column: String) -> Date { Date(unixMillis: self[column]) }
    func optionalDate(_ column: String) -> Date? { (self[column] as Int64?).map(Date.init(unixMillis:)) }
}

enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?, default value: T) -> T {
        guard let text, let v = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else { return value }
        return v
    }

    /// A JSON array of strings as `encode` writes it. The common case (no escapes: `["a","b"]`) is split by hand,
    /// as a `JSONDecoder` per column cost more than the rest of reading a post; anything else goes to `decode`.
    static func strings(_ text: String?) -> [String] {
        guard var text else { return [] }
        text.makeContiguousUTF8()
        if let fast = text.utf8.withContiguousStorageIfAvailable(splitPlainStrings), let fast { return fast }
        return decode([String].self, text, default: [])
    }

    /// `["a","b"]` without backslashes → ["a", "b"]; nil for any other shape.
    private static func splitPlainStrings(_ b: UnsafeBufferPointer<UInt8>) -> [String]? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), backslash = UInt8(ascii: "\\")
        guard b.count >= 2, b[0] == UInt8(ascii: "["), b[b.count - 1] == UInt8(ascii: "]") else { return nil }
        if b.count == 2 { return [] }
        var out: [String] = []
        var i = 1
        while i < b.count - 1 {
            guard b[i] == quote else { return nil }
            var j = i + 1
            while j < b.count - 1 && b[j] != quote {
                if b[j] == backslash { return nil }
                j += 1
            }
            guard j < b.count - 1 else { return nil }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self))
            i = j + 1
            if i < b.count - 1 {
                guard b[i] == comma, i + 1 < b.count - 1 else { return nil }
                i += 1
            }
        }
        return out
    }
}

/// `IN (?, ?, …)` with one placeholder per value.
func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }
