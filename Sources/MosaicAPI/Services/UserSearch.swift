import Foundation
import MosaicCore
import MosaicStore

/// Ranks user search candidates: how well the text matches, then the viewer's relationship, then popularity.
/// Retrieval (prefix walks, the viewer's follows, typo variants) is the store's; blocked accounts never come back.
extension Services {
    public struct RankedUser: Sendable {
        public let user: UserMatch
        public let score: Double
        public let viewerFollows: Bool
    }

    public func searchUsers(_ raw: String, viewer: UserID?, limit: Int) async throws -> [RankedUser] {
        let q = SearchQuery.normalise(raw)
        guard !q.isEmpty else { return [] }
        let handle = q.replacingOccurrences(of: " ", with: "")
        let compact = Array(handle), handleBytes = Array(handle.utf8)
        // The prefix walks run while the viewer's search context (follows with names, blocks) is fetched or
        // found in its per-viewer cache.
        async let prefixed = store.usersByPrefix(q, limit: limit * 3)
        let context = viewer == nil ? nil : try await searchContexts.context(for: viewer!, store: store)
        var candidates = try await prefixed
        var known = Set(candidates.map(\.id))
        // Accounts the viewer follows are matched directly: a friend with few followers must not be lost
        // behind thousands of more popular accounts sharing the prefix.
        if let context {
            let word = q.split(separator: " ").first.map(String.init) ?? q
            for (m, words) in zip(context.followed, context.followedWords) where !known.contains(m.id) {
                if m.username.hasPrefix(handle) || words.contains(where: { $0.hasPrefix(word) }) {
                    candidates.append(m); known.insert(m.id)
                }
            }
        }
        if candidates.count < limit, compact.count >= 3 {
            // Typo tolerance, exact for one edit (substitution, insertion, deletion, transposition), in work that
            // does not grow with the population: the shortest prefix of the query whose username range is small
            // is read whole and filtered by edit distance (that covers every typo after it); each typo before it
            // is a one-edit variant probed as a username prefix — a B-tree seek each.
            let prefixes = (1..<compact.count).map { String(compact.prefix($0)) }
            var covered = compact.count
            if let narrow = try await store.usersInFirstNarrowRange(prefixes, atMost: 256) {
                covered = narrow.prefixIndex + 1
                for m in narrow.users where TypoVariants.prefixDistance(handleBytes, Array(m.username.utf8)) <= 1 {
                    if known.insert(m.id).inserted { candidates.append(m) }
                }
            }
            let variants = TypoVariants.oneEdit(compact, editsBefore: covered)
            let pool = try await store.usersByUsernamePrefixes(variants, perPrefix: 2)
            for m in pool where known.insert(m.id).inserted { candidates.append(m) }
        }
        let blocked = context?.blocked ?? []
        candidates.removeAll { blocked.contains($0.id) }
        var follows = Set<UserID>()
        var visits: [UserID: Int] = [:]
        if let viewer, !candidates.isEmpty {
            let ids = candidates.map(\.id)
            follows = context?.followedIDs.intersection(ids) ?? []
            visits = try await store.profileVisits(viewer: viewer, among: ids)
        }
        return candidates.map { m in
            let name = m.username
            var text: Double
            if name == q { text = 100 }
            else if name.hasPrefix(q) { text = 60 - min(20, Double(name.count - q.count)) }
            else if m.prefixMatch { text = 35 }
            else { text = 20 - 5 * Double(TypoVariants.prefixDistance(handleBytes, Array(name.utf8))) }
            if follows.contains(m.id) { text += 30 }
            // Profiles the viewer keeps opening rank like weaker follows (a few visits ≈ half a follow).
            if let n = visits[m.id] { text += min(15, 5 * log2(1 + Double(n))) }
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

/// Edit distance with adjacent transpositions (optimal string alignment) over two short strings — usernames are
/// at most 30 characters — in three rolling rows.
enum EditDistance {
    static func between<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = Array(repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count), cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}

/// Query variants one edit away, for typo-tolerant prefix search.
public enum TypoVariants {
    /// What a username may contain, so what a substitution or insertion may produce.
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789._")

    /// Every string one substitution, insertion, deletion or transposition away from `q` whose edit is at a
    /// position before `editsBefore` (later edits are the caller's to find another way). An insertion at the end
    /// is left out: its matches are already matches of `q` itself.
    public static func oneEdit(_ q: [Character], editsBefore: Int? = nil) -> [String] {
        var out = Set<String>()
        for i in q.indices where i < (editsBefore ?? q.count) {
            var d = q; d.remove(at: i); if !d.isEmpty { out.insert(String(d)) }
            if i + 1 < q.count { var t = q; t.swapAt(i, i + 1); out.insert(String(t)) }
            for c in alphabet {
                if c != q[i] { var s = q; s[i] = c; out.insert(String(s)) }
                var n = q; n.insert(c, at: i); out.insert(String(n))
            }
        }
        out.remove(String(q))
        return out.sorted()
    }

    /// The edit distance from `q` to the closest prefix of `name` (a typed prefix may be one longer or shorter).
    static func prefixDistance<T: Equatable>(_ q: [T], _ name: [T]) -> Int {
        (max(0, q.count - 1)...(q.count + 1)).map { EditDistance.between(q, Array(name.prefix($0))) }.min() ?? q.count
    }
}
