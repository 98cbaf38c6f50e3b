/// Real-looking, unique names from syllables: "Mira Tovanel", @mira.tovanel, @tovanel_m, @miratov92.
///
/// No list of real people's names is involved: given and family names are built from onset–vowel–coda
/// syllables, so the space is large (tens of millions of family names) and every name is pronounceable.
/// Uniqueness of usernames is enforced by the caller-held `taken` set; collisions fall back to suffixes.
struct NameGenerator {
    private static let onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m",
                                 "n", "p", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "", "", "l", "m", "n", "r"]
    private static let vowels = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ia", "io", "ou", "y"]
    private static let codas = ["", "", "", "", "n", "r", "l", "s", "m", "th", "x", "nd", "rk", "ll", "ss"]
    private static let givenEndings = ["a", "o", "en", "ia", "el", "in", "on", "ie", "ar", "is"]
    private static let familyEndings = ["son", "sen", "ez", "ov", "elli", "ton", "berg", "ard", "ic", "ani", "ura", "ko",
                                        "man", "well", "ley", "ez", "ova", "ski", "ida", "nel"]

    /// One or two syllables and a name-like ending; 3–9 letters.
    static func givenName(_ rng: inout WorldRandom) -> String {
        let syllables = rng.chance(0.7) ? 1 : 2
        var s = ""
        for i in 0..<syllables {
            s += rng.pick(onsets) + rng.pick(vowels)
            if i == syllables - 1, rng.chance(0.3) { s += rng.pick(codas) }
        }
        s += rng.pick(givenEndings)
        return clip(s, to: 9)
    }

    static func familyName(_ rng: inout WorldRandom) -> String {
        let syllables = 1 + rng.below(2)
        var s = ""
        for _ in 0..<syllables { s += rng.pick(onsets) + rng.pick(vowels) + rng.pick(codas) }
        s += rng.pick(familyEndings)
        return clip(s, to: 12)
    }

    static func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    private static func clip(_ s: String, to n: Int) -> String {
        var t = s.count > n ? String(s.prefix(n)) : s
        if t.count < 3 { t += "ra" }
        return t
    }

    /// A username derived from the name in one of the styles people use; unique within `taken`.
    static func username(given: String, family: String, region: String, rng: inout WorldRandom,
                         taken: inout Set<String>, index: Int) -> String {
        let style = rng.below(8)
        var base: String
        switch style {
        case 0: base = given + "." + family
        case 1: base = given + "_" + family
        case 2: base = given + family
        case 3: base = family + "." + given.prefix(1)
        case 4: base = given + "." + family.prefix(3)
        case 5: base = given + String(80 + rng.below(26))
        case 6: base = "the." + given + family.prefix(1)
        default: base = given + "_" + region
        }
        base = String(base.prefix(26))
        if taken.insert(base).inserted { return base }
        // Collisions get a short number, as people do. The last resort is unique by construction: no other
        // username contains "__", and the suffix is the user's own index.
        for _ in 0..<4 {
            let candidate = base + String(rng.below(1000))
            if taken.insert(candidate).inserted { return candidate }
        }
        let last = String(base.prefix(20)) + "__" + String(index, radix: 36)
        taken.insert(last)
        return last
    }
}
