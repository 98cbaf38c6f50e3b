import Foundation

/// Plain CSV so anyone can evaluate on their own data without code: an interaction file with
/// `user,item,rating,timestamp` (a header line is skipped when its rating field is not a number),
/// an optional item file `item,categories,title` (categories separated by `|`), and split files holding
/// the test rows as `user,item[,…]`.
public enum CSVInteractionLoader {
    public static func load(interactions path: String, items itemPath: String? = nil) throws -> InteractionDataset {
        var events: [RawEvent] = []
        try MovieLensLoader.forEachLine(path) { line, n in
            let f = fields(line)
            guard f.count >= 2 else { throw MovieLensLoader.LoadError.malformed(file: path, line: n) }
            let rating = f.count > 2 ? Float(f[2]) : 1
            if n == 1 && f.count > 2 && rating == nil { return }
            let t = f.count > 3 ? (Double(f[3]).map { Int64($0) } ?? Int64(n)) : Int64(n)
            events.append(RawEvent(user: f[0], item: f[1], timestamp: t, kind: .rating, label: rating ?? 1))
        }
        var items: [String: ItemFeatures] = [:]
        if let itemPath {
            try MovieLensLoader.forEachLine(itemPath) { line, _ in
                let f = fields(line)
                guard f.count >= 2 else { return }
                let title = f.count > 2 ? f[2] : ""
                let (tokens, year) = MovieLensLoader.titleTokens(title)
                items[f[0]] = ItemFeatures(categories: f[1].split(separator: "|").map(String.init), tokens: tokens,
                                           createdAt: year.map(MovieLensLoader.startOfYear))
            }
        }
        return InteractionDataset(events: events, items: items)
    }

    /// (user, item) pairs of a split file, by external IDs.
    public static func loadPairs(_ path: String) throws -> Set<UserItemPair> {
        var pairs = Set<UserItemPair>()
        try MovieLensLoader.forEachLine(path) { line, _ in
            let f = fields(line)
            if f.count >= 2 { pairs.insert(UserItemPair(user: f[0], item: f[1])) }
        }
        return pairs
    }

    /// Splits on commas, tabs or semicolons; quotes are stripped (titles with commas belong in quotes).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); continue }
            if !quoted && (ch == "," || ch == "\t" || ch == ";") { out.append(cur); cur = ""; continue }
            cur.append(ch)
        }
        out.append(cur)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

public struct UserItemPair: Hashable, Sendable {
    public var user: String
    public var item: String
    public init(user: String, item: String) { self.user = user; self.item = item }
}
