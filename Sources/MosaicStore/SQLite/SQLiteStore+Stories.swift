import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: StoryStore {
    public func createStory(_ s: Story) async throws -> Bool {
        try await write { db in
            // Claim the media: the `used_by IS NULL` guard makes a second claim (a post or another story) fail.
            try db.execute(sql: "UPDATE media SET used_by = ? WHERE id = ? AND owner_id = ? AND used_by IS NULL",
                           arguments: [s.id.int64, s.mediaID.int64, s.authorID.int64])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: """
                INSERT INTO stories (id, author_id, media_id, media_type, reply_enabled, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.id.int64, s.authorID.int64, s.mediaID.int64, s.mediaType, s.replyEnabled,
                                 s.createdAt.unixMillis, s.expiresAt.unixMillis])
            return true
        }
    }

    private static func story(_ r: Row) -> Story {
        Story(id: r.id("id"), authorID: r.id("author_id"), mediaID: r.id("media_id"), mediaType: r["media_type"],
              replyEnabled: r["reply_enabled"], createdAt: r.date("created_at"), expiresAt: r.date("expires_at"))
    }

    public func story(id: StoryID, now: Date) async throws -> Story? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM stories WHERE id = ? AND expires_at > ?", arguments: [id.int64, now.unixMillis])
                .map(Self.story)
        }
    }

    public func liveStories(authors: [UserID], now: Date) async throws -> [UserID: [Story]] {
        guard !authors.isEmpty else { return [:] }
        let unique = Array(Set(authors))
        return try await read { db in
            var out: [UserID: [Story]] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[start..<min(start + 500, unique.count)]
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM stories WHERE author_id IN (\(placeholders(part.count))) AND expires_at > ? ORDER BY id
                    """, arguments: StatementArguments(part.map(\.int64) + [now.unixMillis]))
                for r in rows { let s = Self.story(r); out[s.authorID, default: []].append(s) }
            }
            return out
        }
    }

    public func seenStories(viewer: UserID, among stories: [StoryID]) async throws -> Set<StoryID> {
        guard !stories.isEmpty else { return [] }
        let unique = Array(Set(stories))
        return try await read { db in
            var out = Set<StoryID>()
            for start in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[start..<min(start + 500, unique.count)]
                let ids = try Int64.fetchAll(db, sql: "SELECT story_id FROM story_views WHERE viewer_id = ? AND story_id IN (\(placeholders(part.count)))",
                                             arguments: StatementArguments([viewer.int64] + part.map(\.int64)))
                out.formUnion(ids.map(MosaicID.init(int64:)))
            }
            return out
        }
    }

    public func markStorySeen(viewer: UserID, story: Story, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO story_views (story_id, viewer_id, author_id, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [story.id.int64, viewer.int64, story.authorID.int64, at.unixMillis])
        }
    }

    public func storyAffinity(viewer: UserID, authors: [UserID]) async throws -> [UserID: StoryAffinity] {
        guard !authors.isEmpty else { return [:] }
        let unique = Array(Set(authors)).prefix(500)
        let messages = try await directMessageCounts(from: viewer, to: Array(unique))
        return try await read { db in
            var out: [UserID: StoryAffinity] = [:]
            let inList = placeholders(unique.count)
            let args = StatementArguments([viewer.int64] + unique.map(\.int64))
            for r in try Row.fetchAll(db, sql: """
                SELECT p.author_id, COUNT(*) AS n FROM likes l JOIN posts p ON p.id = l.post_id
                WHERE l.user_id = ? AND p.author_id IN (\(inList)) GROUP BY p.author_id
                """, arguments: args) { out[r.id("author_id"), default: StoryAffinity()].likes = r["n"] }
            for r in try Row.fetchAll(db, sql: """
                SELECT p.author_id, COUNT(*) AS n FROM comments c JOIN posts p ON p.id = c.post_id
                WHERE c.author_id = ? AND p.author_id IN (\(inList)) GROUP BY p.author_id
                """, arguments: args) { out[r.id("author_id"), default: StoryAffinity()].comments = r["n"] }
            for r in try Row.fetchAll(db, sql: """
                SELECT author_id, COUNT(*) AS n FROM story_views WHERE viewer_id = ? AND author_id IN (\(inList)) GROUP BY author_id
                """, arguments: args) { out[r.id("author_id"), default: StoryAffinity()].storyViews = r["n"] }
            for r in try Row.fetchAll(db, sql: """
                SELECT profile_id, visits FROM profile_visits WHERE viewer_id = ? AND profile_id IN (\(inList))
                """, arguments: args) { out[r.id("profile_id"), default: StoryAffinity()].profileVisits = r["visits"] }
            for (u, n) in messages { out[u, default: StoryAffinity()].messages = n }
            return out
        }
    }

    public func sweepStories(expiredBefore cutoff: Date, now: Date, limit: Int) async throws -> [MediaID] {
        try await write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, media_id FROM stories WHERE expires_at < ? ORDER BY expires_at LIMIT ?",
                                        arguments: [cutoff.unixMillis, limit])
            // Story views stay: they are the viewer's affinity history with the author.
            var released: [MediaID] = []
            for r in rows {
                let story: Int64 = r["id"], media: Int64 = r["media_id"]
                try db.execute(sql: "DELETE FROM stories WHERE id = ?", arguments: [story])
                try db.execute(sql: "UPDATE media SET used_by = NULL, expires_at = ? WHERE id = ? AND used_by = ?",
                               arguments: [now.unixMillis, media, story])
                released.append(MosaicID(int64: media))
            }
            return released
        }
    }
}
