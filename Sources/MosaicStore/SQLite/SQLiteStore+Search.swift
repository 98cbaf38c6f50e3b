import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: SearchStore {
    /// Keeps letters, digits, `_` and `.`; FTS5 query syntax never sees user input unquoted.
    static func searchTerm(_ q: String) -> String {
        String(q.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." || $0 == " " }
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
    }

    /// The query as one handle (spaces removed): what usernames and hashtags are compared with.
    static func compactTerm(_ q: String) -> String { searchTerm(q).replacingOccurrences(of: " ", with: "") }

    /// Up to `limit` IDs of accounts whose username starts with `prefix`, in username order: a walk of the
    /// covering (username, follower_count) index that reads no table row. One statement serves every probe.
    private static func usernameRange(_ db: Database, _ prefix: String, limit: Int) throws -> [Int64] {
        let walk = try db.cachedStatement(sql: """
            SELECT id FROM users INDEXED BY users_username_followers WHERE username >= ? AND username < ? LIMIT ?
            """)
        return try Int64.fetchAll(walk, arguments: [prefix, prefix + "\u{10FFFF}", limit])
    }

    private static func match(_ r: Row, prefix: Bool) -> UserMatch {
        UserMatch(id: r.id("id"), username: r["username"], fullName: r["full_name"], followerCount: r["follower_count"], prefixMatch: prefix)
    }

    public func usersByPrefix(_ query: String, limit: Int) async throws -> [UserMatch] {
        let term = Self.searchTerm(query)
        guard !term.isEmpty else { return [] }
        let tokens = term.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == " " }).map(String.init)
        let compact = term.replacingOccurrences(of: " ", with: "")
        // Six letters is the longest prefix index; longer words are matched on six and checked here.
        let words = tokens.map { "\"\($0.prefix(Self.wordPrefixIndex))\"*" }.joined(separator: " ")
        return try await read { db in
            var ids: [(id: Int64, followers: Int)] = []
            // Narrow prefix: walk it whole on (username, follower_count). Broad prefix (the walk fills up): read
            // (follower_count, username) from the most followed down until `limit` match — the match density is at
            // least narrowWalk / users, so that read is bounded too.
            let narrow = try Row.fetchAll(db, sql: """
                SELECT id, follower_count FROM users INDEXED BY users_username_followers
                WHERE username >= ? AND username < ? LIMIT \(Self.narrowWalk + 1)
                """, arguments: [compact, compact + "\u{10FFFF}"])
            if narrow.count <= Self.narrowWalk {
                let walked: [(id: Int64, followers: Int)] = narrow.map { ($0["id"], $0["follower_count"]) }
                ids = Array(walked.sorted { $0.followers > $1.followers }.prefix(limit))
            } else {
                ids = try Row.fetchAll(db, sql: """
                    SELECT id, follower_count FROM users INDEXED BY users_followers_username
                    WHERE username >= ? AND username < ? ORDER BY follower_count DESC LIMIT ?
                    """, arguments: [compact, compact + "\u{10FFFF}", limit]).map { (id: $0["id"], followers: $0["follower_count"]) }
            }
            var out = try Self.matches(db, ids: ids.map(\.id), prefix: true)
            guard !tokens.isEmpty else { return out }
            // Full-name words and inner username words (FTS5): the first `wordWalk` matches, most followed first.
            var seen = Set(out.map(\.id))
            let rows = try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM
                    (SELECT rowid FROM user_words WHERE user_words MATCH ? LIMIT \(Self.wordWalk)) w
                JOIN users u ON u.id = w.rowid
                """, arguments: [words])
            let long = tokens.filter { $0.count > Self.wordPrefixIndex }
            var found = rows.map { Self.match($0, prefix: true) }
            if !long.isEmpty { found.removeAll { m in !long.allSatisfy { Self.hasWord(startingWith: $0, in: m) } } }
            for m in found.sorted(by: { $0.followerCount > $1.followerCount }).prefix(limit) where seen.insert(m.id).inserted {
                out.append(m)
            }
            return out
        }
    }

    /// Bounds on the prefix walks: each keeps a one-letter query at 1 M users within a few milliseconds.
    static let narrowWalk = 5_000
    static let wordWalk = 500
    static let wordPrefixIndex = 6

    /// Users by ID with what ranking needs, in the order given.
    private static func matches(_ db: Database, ids: [Int64], prefix: Bool) throws -> [UserMatch] {
        guard !ids.isEmpty else { return [] }
        var byID: [Int64: UserMatch] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT id, username, full_name, follower_count FROM users WHERE id IN (\(placeholders(ids.count)))
            """, arguments: StatementArguments(ids)) { byID[r["id"]] = Self.match(r, prefix: prefix) }
        return ids.compactMap { byID[$0] }
    }

    /// Whether a word of the full name, or an inner word of the username, starts with `word` (diacritics folded).
    private static func hasWord(startingWith word: String, in m: UserMatch) -> Bool {
        let fold = { (s: String) in s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil) }
        let prefix = fold(word)
        let parts = (m.fullName + " " + m.username.split(whereSeparator: { $0 == "_" || $0 == "." }).dropFirst().joined(separator: " "))
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return parts.contains { fold(String($0)).hasPrefix(prefix) }
    }

    public func usersByUsernamePrefixes(_ prefixes: [String], perPrefix: Int) async throws -> [UserMatch] {
        let terms = prefixes.map(Self.compactTerm).filter { !$0.isEmpty }
        guard !terms.isEmpty else { return [] }
        return try await read { db in
            // One seek per variant on the covering index (no table row read), then one batch for the names.
            var ids: [Int64] = [], seen = Set<Int64>()
            for t in terms {
                for id in try Self.usernameRange(db, t, limit: perPrefix) where seen.insert(id).inserted { ids.append(id) }
            }
            return try Self.matches(db, ids: ids, prefix: false)
        }
    }

    public func usersInFirstNarrowRange(_ prefixes: [String], atMost: Int) async throws -> (prefixIndex: Int, users: [UserMatch])? {
        let terms = prefixes.map(Self.compactTerm)
        return try await read { db in
            for (i, t) in terms.enumerated() where !t.isEmpty {
                let ids = try Self.usernameRange(db, t, limit: atMost + 1)
                if ids.count <= atMost { return (i, try Self.matches(db, ids: ids, prefix: false)) }
            }
            return nil
        }
    }

    public func followedAccounts(of viewer: UserID, limit: Int) async throws -> [UserMatch] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.username, u.full_name, u.follower_count FROM follows f JOIN users u ON u.id = f.followee_id
                WHERE f.follower_id = ? LIMIT ?
                """, arguments: [viewer.int64, limit]).map { Self.match($0, prefix: true) }
        }
    }

    public func hashtags(prefix: String, limit: Int) async throws -> [TagCount] {
        let term = Self.compactTerm(prefix.hasPrefix("#") ? String(prefix.dropFirst()) : prefix)
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
