/// An opaque, versioned position in a list ordered by descending keys (usually `MosaicID`s).
///
/// Lists are paged by key set, never by offset: the next page is "keys strictly below the last key served",
/// so items inserted at the head while a client pages never shift what it sees (no duplicate, no skip).
/// The wire form is base64url of: version byte, list kind byte, key count, 8-byte keys, 2-byte checksum.
/// The kind stops a cursor from one list being replayed against another.
public struct Cursor: Equatable, Sendable {
    public static let currentVersion: UInt8 = 1
    public let kind: UInt8
    public let keys: [UInt64]

    public init(kind: UInt8, keys: [UInt64]) {
        precondition(keys.count <= 8)
        self.kind = kind; self.keys = keys
    }

    public var encoded: String {
        var bytes: [UInt8] = [Self.currentVersion, kind, UInt8(keys.count)]
        for k in keys { withUnsafeBytes(of: k.bigEndian) { bytes.append(contentsOf: $0) } }
        let sum = Self.checksum(bytes)
        bytes.append(UInt8(sum >> 8)); bytes.append(UInt8(sum & 0xff))
        return Base64URL.encode(bytes)
    }

    /// Decodes a cursor for list `kind`; throws `invalid_cursor` for anything malformed, tampered or foreign.
    public static func decode(_ text: String, kind: UInt8) throws(MosaicError) -> Cursor {
        guard text.utf8.count <= 200, let bytes = Base64URL.decode(text), bytes.count >= 5 else {
            throw .invalidCursor
        }
        let body = bytes[0..<(bytes.count - 2)]
        let sum = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
        guard checksum(Array(body)) == sum, body[0] == currentVersion, body[1] == kind else { throw .invalidCursor }
        let n = Int(body[2])
        guard n <= 8, body.count == 3 + 8 * n else { throw .invalidCursor }
        var keys: [UInt64] = []
        for i in 0..<n {
            var v: UInt64 = 0
            for b in body[(3 + 8 * i)..<(3 + 8 * i + 8)] { v = v << 8 | UInt64(b) }
            keys.append(v)
        }
        return Cursor(kind: kind, keys: keys)
    }

    /// Fletcher-16: enough to tell a cursor we made from a mangled one (cursors carry no secrets).
    static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var a: UInt16 = 0, b: UInt16 = 0
        for x in bytes { a = (a + UInt16(x)) % 255; b = (b + a) % 255 }
        return b << 8 | a
    }
}

/// The list kinds a cursor may belong to.
public enum CursorKind {
    public static let followers: UInt8 = 1
    public static let following: UInt8 = 2
    public static let followRequests: UInt8 = 3
    public static let userPosts: UInt8 = 4
    public static let tagPosts: UInt8 = 5
    public static let comments: UInt8 = 6
    public static let feed: UInt8 = 7
    public static let explore: UInt8 = 8
    public static let inbox: UInt8 = 9
    public static let messages: UInt8 = 10
    public static let notifications: UInt8 = 11
    public static let savedPosts: UInt8 = 12
    public static let likers: UInt8 = 13
    public static let search: UInt8 = 14
}

/// One page of a keyset-paginated list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: Cursor?
    public var hasMore: Bool { nextCursor != nil }
    public init(items: [Item], nextCursor: Cursor?) { self.items = items; self.nextCursor = nextCursor }

    public func map<T: Sendable>(_ f: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(f), nextCursor: nextCursor)
    }
}

/// Where a page starts and how many items to return. `after` is the sort key of the last item already served
/// (exclusive); each list documents its direction (most are newest first, so "after" means "older than").
public struct PageRequest: Sendable, Equatable {
    public var after: UInt64?
    public var limit: Int
    public init(after: UInt64? = nil, limit: Int = 20) { self.after = after; self.limit = limit }

    public static let defaultLimit = 20
    public static let maxLimit = 100
}
