import Foundation
import MosaicCore
import MosaicStore

/// Ranks user search candidates: how well the text matches, then the viewer's relationship, then popularity.
/// Retrieval (prefix, then trigrams for typos) is the store's; blocked accounts never come back.
extension Services {
    public struct RankedUser: Sendable {
        public let user: UserMatch
        public let score: Double
        public let viewerFollows: Bool
    }

    /// The query's first three letters as a typo would have changed them: swapped neighbours, one letter extra.
    static func typoPrefixes(_ q: [Character]) -> [String] {
        guard q.count >= 4 else { return [] }
        let variants = [[q[1], q[0], q[2]], [q[0], q[2], q[1]], [q[0], q[2], q[3]], [q[0], q[1], q[3]], [q[1], q[2], q[3]]]
        return Array(Set(variants.map { String($0) })).sorted()
    }

    public func searchUsers(_ raw: String, viewer: UserID?, limit: Int) async throws -> [RankedUser] {
        let q = SearchQuery.normalise(raw)
        guard !q.isEmpty else { return [] }
        let compact = Array(q.replacingOccurrences(of: " ", with: ""))
        var candidates = try await store.usersByPrefix(q, limit: limit * 3)
        if candidates.count < limit, compact.count >= 3 {
            var known = Set(candidates.map(\.id))
            // Typo tolerance. Trigrams catch a typo late in the name; short names share no trigram with a typo in
            // their first letters, so the first three letters are also tried with a transposition or an extra letter.
            var pool = try await store.usersByTrigrams(q, limit: 200)
            for start in Self.typoPrefixes(compact) {
                pool += try await store.usersByUsernameRange(prefix: start, limit: 300)
            }
            for m in pool where !known.contains(m.id) {
                let name = Array(m.username)
                let d = min(EditDistance.between(compact, name), EditDistance.between(compact, Array(name.prefix(compact.count))))
                if d <= (compact.count >= 5 ? 2 : 1) { candidates.append(m); known.insert(m.id) }
            }
        }
        let blocked = try await blockedSet(viewer)
        candidates.removeAll { blocked.contains($0.id) }
        var follows = Set<UserID>()
        if let viewer, !candidates.isEmpty {
            let ids = candidates.map(\.id)
            follows = try await store.followedAmong(viewer: viewer, candidates: ids)
        }
        return candidates.map { m in
            let name = m.username
            var text: Double
            if name == q { text = 100 }
            else if name.hasPrefix(q) { text = 60 - min(20, Double(name.count - q.count)) }
            else if m.prefixMatch { text = 35 }
            else { text = 20 - 5 * Double(EditDistance.between(compact, Array(name.prefix(compact.count)))) }
            if follows.contains(m.id) { text += 30 }
            text += 4 * log10(1 + Double(m.followerCount))
            if m.id == viewer { text -= 5 }
            return RankedUser(user: m, score: text, viewerFollows: follows.contains(m.id))
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.user.id < $1.user.id }
        .prefix(limit).map { $0 }
    }
}

/// The query as the indexes store names: lower case, letters, digits, `_` and `.` only.
enum SearchQuery {
    static func normalise(_ q: String) -> String {
        String(q.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "@" }).lowercased().unicodeScalars
            .filter { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." || $0 == " " }.map(Character.init))
    }
}

/// Levenshtein distance over two short strings (usernames are at most 30 characters), two rolling rows.
enum EditDistance {
    static func between(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
