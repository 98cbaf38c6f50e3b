import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: SearchStore {
    /// Keeps letters, digits, `_` and `.`; FTS5 query syntax never sees user input unquoted.
    static func searchTerm(_ q: String) -> String {
        String(q.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." || $0 == " " }
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
    }

    private static func match(_ r: Row, prefix: Bool) -> UserMatch {
        UserMatch(id: r.id("id"), username: r["username"], fullName: r["full_name"], followerCount: r["follower_count"], prefixMatch: prefix)
    }

    public func usersByPrefix(_ query: String, limit: Int) async throws -> [UserMatch] {
        let term = Self.searchTerm(query)
        guard !term.isEmpty else { return [] }
        // unicode61 splits "jo.smith" into tokens; each token must prefix-match, in either column.
        let tokens = term.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == " " }).map(String.init)
        let compact = term.replacingOccurrences(of: " ", with: "")
        let fts = tokens.map { "\"\($0)\"*" }.joined(separator: " ")
        return try await read { db in
            // Leading-username matches first (a bounded B-tree range on the UNIQUE username index, the most followed
            // of its first 2,000), then full-name words and inner username tokens through FTS.
            var out: [UserMatch] = []
            var seen = Set<MosaicID>()
            let upper = compact + "\u{10FFFF}"
            for r in try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT id, username, full_name, follower_count FROM users
                    WHERE username >= ? AND username < ? ORDER BY username LIMIT 2000)
                ORDER BY follower_count DESC LIMIT ?
                """, arguments: [compact, upper, limit]) {
                let m = Self.match(r, prefix: true)
                if seen.insert(m.id).inserted { out.append(m) }
            }
            guard out.count < limit, !tokens.isEmpty else { return out }
            for r in try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM users_fts f JOIN users u ON u.id = f.rowid
                WHERE users_fts MATCH ? LIMIT ?
                """, arguments: [fts, limit * 4]) {
                let m = Self.match(r, prefix: true)
                if seen.insert(m.id).inserted { out.append(m) }
            }
            return out
        }
    }

    public func usersByTrigrams(_ query: String, limit: Int) async throws -> [UserMatch] {
        let chars = Array(Self.searchTerm(query).replacingOccurrences(of: " ", with: ""))
        guard chars.count >= 3 else { return [] }
        let grams = Set((0...(chars.count - 3)).map { String(chars[$0..<($0 + 3)]) })
        // Any shared trigram is a candidate; bm25 puts those sharing the rarest and most trigrams first.
        let fts = grams.sorted().map { "\"\($0)\"" }.joined(separator: " OR ")
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM
                    (SELECT rowid FROM users_trigram WHERE users_trigram MATCH ? ORDER BY rank LIMIT ?) t
                JOIN users u ON u.id = t.rowid
                """, arguments: [fts, limit]).map { Self.match($0, prefix: false) }
        }
    }

    public func usersByUsernameRange(prefix: String, limit: Int) async throws -> [UserMatch] {
        let term = Self.searchTerm(prefix).replacingOccurrences(of: " ", with: "")
        guard !term.isEmpty else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, username, full_name, follower_count FROM users WHERE username >= ? AND username < ? ORDER BY username LIMIT ?
                """, arguments: [term, term + "\u{10FFFF}", limit]).map { Self.match($0, prefix: false) }
        }
    }

    public func hashtags(prefix: String, limit: Int) async throws -> [TagCount] {
        let term = Self.searchTerm(prefix.hasPrefix("#") ? String(prefix.dropFirst()) : prefix).replacingOccurrences(of: " ", with: "")
        guard !term.isEmpty else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT tag, post_count FROM hashtag_counts WHERE tag >= ? AND tag < ? AND post_count > 0
                ORDER BY post_count DESC, tag LIMIT ?
                """, arguments: [term, term + "\u{10FFFF}", limit]).map { TagCount(name: $0["tag"], postCount: $0["post_count"]) }
        }
    }

    public func locations(prefix: String, limit: Int) async throws -> [LocationCount] {
        let term = prefix.lowercased().trimmingCharacters(in: .whitespaces)
        guard !term.isEmpty else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, lat, lng, post_count FROM location_counts WHERE name_key >= ? AND name_key < ? AND post_count > 0
                ORDER BY post_count DESC, name_key LIMIT ?
                """, arguments: [term, term + "\u{10FFFF}", limit]).map {
                    LocationCount(name: $0["name"], lat: $0["lat"], lng: $0["lng"], postCount: $0["post_count"])
                }
        }
    }
}
