import Foundation
import Testing
@testable import MosaicStore

/// The hand-split fast path for string-array columns must read exactly what `JSONDecoder` reads.
@Suite struct JSONColumnTests {
    @Test func stringsAgreeWithTheDecoder() {
        let arrays: [[String]] = [[], [""], ["a"], ["travel", "café", "東京"], ["with \"quote\"", "back\\slash", "a/b"],
                                  ["comma,inside", "[bracket]"], ["tab\there", "new\nline"], ["🙂", "x"]]
        for a in arrays {
            let text = JSONColumn.encode(a)
            #expect(JSONColumn.strings(text) == a, "\(text)")
        }
        for malformed in ["", "[", "]", "[\"a\"", "[\"a\",]", "[a]", "{\"a\":1}", "[\"a\" ,\"b\"]", "null"] {
            #expect(JSONColumn.strings(malformed) == JSONColumn.decode([String].self, malformed, default: []), "\(malformed)")
        }
        #expect(JSONColumn.strings(nil) == [])
    }
}
