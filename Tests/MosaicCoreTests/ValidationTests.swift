import Testing
@testable import MosaicCore

@Suite struct ValidationTests {
    @Test func usernames() throws {
        #expect(try Validation.username("Jane.Doe_1") == "jane.doe_1")
        for bad in ["", ".jane", "jane.", "ja..ne", "jane doe", "jäne", String(repeating: "a", count: 31), "a/b"] {
            #expect(throws: MosaicError.self) { try Validation.username(bad) }
        }
    }

    @Test func passwords() throws {
        try Validation.password("correct horse battery", username: "jane")
        try Validation.password("Tr0ub4dor", username: "jane")
        for bad in ["short1", "password123", "aaaaaaaaaaaaaa", "jane12345", "abcdefgh"] {
            #expect(throws: MosaicError.self) { try Validation.password(bad, username: "jane") }
        }
    }

    @Test func captionLimitCountsCharactersNotBytes() throws {
        _ = try Validation.caption(String(repeating: "é", count: 2_200))
        _ = try Validation.caption(String(repeating: "👍🏽", count: 2_200))
        #expect(throws: MosaicError.self) { try Validation.caption(String(repeating: "a", count: 2_201)) }
    }

    @Test func hashtagsAreUnicodeAware() {
        #expect(CaptionParser.hashtags(in: "Dinner #Café with #東京 friends #2024_trip #1 a#b ##x") ==
                ["café", "東京", "2024_trip"], "a doubled sigil is not a tag")
        #expect(CaptionParser.hashtags(in: "#नमस्ते #نيويورك") == ["नमस्ते", "نيويورك"])
        #expect(CaptionParser.hashtags(in: "#Food #food #FOOD") == ["food"])
    }

    @Test func mentions() {
        #expect(CaptionParser.mentions(in: "with @Jane.Doe and @bob. mail me@x.com @") == ["jane.doe", "bob"])
    }

    @Test func limits() throws {
        #expect(try Validation.limit(nil) == 20)
        #expect(try Validation.limit("100") == 100)
        for bad in ["0", "101", "-5", "abc", "1e3"] {
            #expect(throws: MosaicError.self) { try Validation.limit(bad) }
        }
    }
}
