import Testing
@testable import MosaicCore

@Suite struct CursorTests {
    @Test func roundTrips() throws {
        let c = Cursor(kind: CursorKind.followers, keys: [1, UInt64.max, 42])
        let back = try Cursor.decode(c.encoded, kind: CursorKind.followers)
        #expect(back == c)
    }

    @Test func rejectsForeignTamperedAndGarbage() {
        let c = Cursor(kind: CursorKind.feed, keys: [99]).encoded
        #expect(throws: MosaicError.invalidCursor) { try Cursor.decode(c, kind: CursorKind.explore) }
        var chars = Array(c); chars[3] = chars[3] == "A" ? "B" : "A"
        #expect(throws: MosaicError.invalidCursor) { try Cursor.decode(String(chars), kind: CursorKind.feed) }
        for junk in ["", "!!!", "abc", String(repeating: "A", count: 500), "😀😀"] {
            #expect(throws: MosaicError.invalidCursor) { try Cursor.decode(junk, kind: CursorKind.feed) }
        }
    }

    @Test func base64URLRoundTripsEveryLength() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + n) & 0xff) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }
}
