import Testing
@testable import MosaicAPI

@Suite struct TypoVariantsTests {
    @Test func oneEditVariantsCoverEveryKindOfTypo() {
        let v = Set(TypoVariants.oneEdit(Array("jnoas")))
        #expect(v.contains("jonas"))    // transposition
        #expect(v.contains("jnas"))     // deletion
        #expect(v.contains("jxoas"))    // substitution
        #expect(v.contains("jnoias"))   // insertion
        #expect(!v.contains("jnoas"))   // never the query itself
        #expect(!v.contains("jnoasx"))  // an insertion at the end adds nothing to a prefix search
        // 5 deletions + 4 transpositions + 5×37 substitutions + 5×38 insertions, less duplicates.
        #expect(v.count <= 5 + 4 + 185 + 190 && v.count > 300)
        // Restricted to edits before position 2: the rest is found by reading the narrow range after "jn".
        let early = Set(TypoVariants.oneEdit(Array("jnoas"), editsBefore: 2))
        #expect(early.contains("jonas") && early.contains("xnoas") && !early.contains("jnoxs") && !early.contains("jnas"))
    }

    @Test func editDistanceCountsATranspositionOnce() {
        #expect(EditDistance.between(Array("jonas"), Array("jnoas")) == 1)
        #expect(EditDistance.between(Array("kitten"), Array("sitting")) == 3)
        #expect(EditDistance.between(Array(""), Array("abc")) == 3)
        #expect(TypoVariants.prefixDistance(Array("jonathna"), Array("jonathan_m")) == 1)
        #expect(TypoVariants.prefixDistance(Array("mari"), Array("maria_lopez")) == 0)
    }
}
