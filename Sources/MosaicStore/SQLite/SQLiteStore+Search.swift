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
        let tokens = term.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == " " }).map(String.init)
        let compact = term.replacingOccurrences(of: " ", with: "")
        let words = tokens.map { "\"\($0)\"*" }.joined(separator: " ")
        return try await read { db in
            var out: [UserMatch] = []
            var seen = Set<MosaicID>()
            // Leading-username matches: a walk of at most `usernameWalk` entries of the (username, follower_count)
            // index — covering, so no table row is read until the most followed few are chosen.
            for r in try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM
                    (SELECT id FROM (SELECT id, follower_count FROM users INDEXED BY users_username_followers
                                     WHERE username >= ? AND username < ? LIMIT \(Self.usernameWalk))
                     ORDER BY follower_count DESC LIMIT ?) m
                JOIN users u ON u.id = m.id ORDER BY u.follower_count DESC
                """, arguments: [compact, compact + "\u{10FFFF}", limit]) {
                let m = Self.match(r, prefix: true)
                if seen.insert(m.id).inserted { out.append(m) }
            }
            guard !tokens.isEmpty else { return out }
            // Full-name words and inner username words (FTS5 with a prefix index): the first `wordWalk` matches.
            for r in try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM
                    (SELECT rowid FROM user_words WHERE user_words MATCH ? LIMIT \(Self.wordWalk)) w
                JOIN users u ON u.id = w.rowid ORDER BY u.follower_count DESC LIMIT ?
                """, arguments: [words, limit]) {
                let m = Self.match(r, prefix: true)
                if seen.insert(m.id).inserted { out.append(m) }
            }
            return out
        }
    }

    /// Bounds on the two prefix walks: large enough that the most followed match of a short prefix is nearly
    /// always seen, small enough that a one-letter query at 1 M users stays within a few milliseconds.
    static let usernameWalk = 20_000
    static let wordWalk = 2_000

    public func usersByUsernamePrefixes(_ prefixes: [String], perPrefix: Int) async throws -> [UserMatch] {
        let terms = prefixes.map { Self.searchTerm($0).replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
        guard !terms.isEmpty else { return [] }
        return try await read { db in
            let probe = try db.cachedStatement(sql: """
                SELECT id, username, full_name, follower_count FROM users WHERE username >= ? AND username < ? LIMIT ?
                """)
            var out: [UserMatch] = []
            for t in terms {
                for r in try Row.fetchAll(probe, arguments: [t, t + "\u{10FFFF}", perPrefix]) {
                    out.append(Self.match(r, prefix: false))
                }
            }
            return out
        }
    }

    public func followedUsers(of viewer: UserID, matching query: String, limit: Int) async throws -> [UserMatch] {
        let term = Self.searchTerm(query)
        guard let first = term.split(separator: " ").first.map(String.init) else { return [] }
        let compact = term.replacingOccurrences(of: " ", with: "")
        // The viewer's follow list is bounded (7,500 at most), so filtering it is cheap; LIKE is a word-start test.
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM follows f JOIN users u ON u.id = f.followee_id
                WHERE f.follower_id = ? AND ((u.username >= ? AND u.username < ?) OR (' ' || u.full_name) LIKE ? ESCAPE '\\')
                LIMIT ?
                """, arguments: [viewer.int64, compact, compact + "\u{10FFFF}", "% " + Self.likeEscaped(first) + "%", limit])
                .map { Self.match($0, prefix: true) }
        }
    }

    /// `_` is a LIKE wildcard; usernames and names use it literally.
    static func likeEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "%", with: "\\%")
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
