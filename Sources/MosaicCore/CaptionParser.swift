/// Extracts hashtags and mentions from captions and comments, Unicode-aware: `#café`, `#東京`, `#نيويورك`
/// and `#2024_trip` are hashtags; `@jane.doe` is a mention. Tags are case-folded for lookup.
public enum CaptionParser {
    public static let maxHashtags = 30

    public static func hashtags(in text: String) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for raw in tokens(after: "#", in: text, allowDot: false) {
            // A tag must contain at least one letter: "#1" is a number, not a tag.
            guard raw.contains(where: { $0.isLetter }) else { continue }
            let tag = raw.lowercased()
            if tag.count <= 100, seen.insert(tag).inserted { out.append(tag) }
            if out.count == maxHashtags { break }
        }
        return out
    }

    public static func mentions(in text: String) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for raw in tokens(after: "@", in: text, allowDot: true) {
            var name = raw.lowercased()
            while name.hasSuffix(".") { name.removeLast() }
            guard !name.isEmpty, name.count <= 30,
                  name.unicodeScalars.allSatisfy({ $0.isASCII }) else { continue }
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Normalises a tag from a URL path (`/tags/{tag}`), accepting an optional leading `#`.
    public static func normalizeTag(_ raw: String) -> String? {
        var t = raw
        if t.hasPrefix("#") { t.removeFirst() }
        guard !t.isEmpty, t.count <= 100, t.allSatisfy(isTagCharacter), t.contains(where: { $0.isLetter }) else { return nil }
        return t.lowercased()
    }

    static func isTagCharacter(_ c: Character) -> Bool {
        c == "_" || c.isLetter || c.isNumber || c.unicodeScalars.allSatisfy {
            $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark
        }
    }

    private static func tokens(after sigil: Character, in text: String, allowDot: Bool) -> [String] {
        var out: [String] = []
        var current: String? = nil
        var previous: Character? = nil
        for c in text {
            if var cur = current {
                if isTagCharacter(c) || (allowDot && c == ".") {
                    cur.append(c); current = cur
                } else {
                    if !cur.isEmpty { out.append(cur) }
                    current = nil
                }
            }
            // A sigil starts a token only at a word boundary: "a#b" and "me@mail.com" are neither.
            if current == nil, c == sigil, previous.map({ !isTagCharacter($0) && $0 != sigil }) ?? true {
                current = ""
            }
            previous = c
        }
        if let cur = current, !cur.isEmpty { out.append(cur) }
        return out
    }
}
