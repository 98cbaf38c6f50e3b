import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: FeedStore {
    public func enqueueFanOut(_ job: FanOutJob) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO fanout_jobs (post_id, author_id, cursor) VALUES (?, ?, ?)",
                           arguments: [job.postID.int64, job.authorID.int64, job.cursor])
        }
    }

    public func pendingFanOuts(limit: Int) async throws -> [FanOutJob] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT post_id, author_id, cursor FROM fanout_jobs ORDER BY post_id LIMIT ?",
                             arguments: [limit]).map { r in
                FanOutJob(postID: r.id("post_id"), authorID: r.id("author_id"), cursor: r["cursor"])
            }
        }
    }

    public func fanOutTargets(author: UserID, after cursor: Int64, activeSince: Date, maxFollowing: Int,
                              limit: Int) async throws -> (followers: [UserID], cursor: Int64) {
        try await read { db in
            // Walks the author's follower index in edge order; the filter keeps only readers worth a write.
            let rows = try Row.fetchAll(db, sql: """
                SELECT f.follower_id, f.edge_id FROM follows f JOIN users u ON u.id = f.follower_id
                WHERE f.followee_id = ? AND f.edge_id > ? AND u.last_active_at >= ? AND u.following_count <= ?
                ORDER BY f.edge_id LIMIT ?
                """, arguments: [author.int64, cursor, activeSince.unixMillis, maxFollowing, limit])
            let last: Int64 = rows.last?["edge_id"] ?? cursor
            return (rows.map { $0.id("follower_id") }, last)
        }
    }

    public func applyFanOut(_ job: FanOutJob, followers: [UserID], cursor: Int64, finished: Bool) async throws {
        try await write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO timeline_entries (user_id, post_id, author_id) VALUES (?, ?, ?)")
            for f in followers { try insert.execute(arguments: [f.int64, job.postID.int64, job.authorID.int64]) }
            if finished {
                try db.execute(sql: "DELETE FROM fanout_jobs WHERE post_id = ?", arguments: [job.postID.int64])
            } else {
                try db.execute(sql: "UPDATE fanout_jobs SET cursor = ? WHERE post_id = ?", arguments: [cursor, job.postID.int64])
            }
        }
    }

    public func timeline(user: UserID, limit: Int) async throws -> [TimelineEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT post_id, author_id FROM timeline_entries WHERE user_id = ? ORDER BY post_id DESC LIMIT ?",
                             arguments: [user.int64, limit]).map { TimelineEntry(postID: $0.id("post_id"), authorID: $0.id("author_id")) }
        }
    }

    public func insertTimeline(user: UserID, entries: [TimelineEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO timeline_entries (user_id, post_id, author_id) VALUES (?, ?, ?)")
            for e in entries { try insert.execute(arguments: [user.int64, e.postID.int64, e.authorID.int64]) }
        }
    }

    public func trimTimeline(user: UserID, keep: Int) async throws {
        try await write { db in
            try db.execute(sql: """
                DELETE FROM timeline_entries WHERE user_id = ? AND post_id < COALESCE(
                    (SELECT post_id FROM timeline_entries WHERE user_id = ? ORDER BY post_id DESC LIMIT 1 OFFSET ?), 0)
                """, arguments: [user.int64, user.int64, max(keep - 1, 0)])
        }
    }

    public func removeFromTimelines(post: PostID, author: UserID) async throws {
        try await write { db in
            try db.execute(sql: """
                DELETE FROM timeline_entries WHERE post_id = ?
                  AND user_id IN (SELECT follower_id FROM follows WHERE followee_id = ?)
                """, arguments: [post.int64, author.int64])
        }
    }

    public func removeFromTimeline(user: UserID, author: UserID) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM timeline_entries WHERE user_id = ? AND author_id = ?", arguments: [user.int64, author.int64])
        }
    }

    public func readerState(user: UserID) async throws -> FeedReaderState? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT last_read_at, pull_only FROM feed_readers WHERE user_id = ?", arguments: [user.int64])
                .map { FeedReaderState(lastReadAt: $0.date("last_read_at"), pullOnly: $0["pull_only"]) }
        }
    }

    public func setReaderState(user: UserID, _ state: FeedReaderState) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO feed_readers (user_id, last_read_at, pull_only) VALUES (?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET last_read_at = excluded.last_read_at, pull_only = excluded.pull_only
                """, arguments: [user.int64, state.lastReadAt.unixMillis, state.pullOnly])
        }
    }

    public func engagementTallies(viewer: UserID, since: Date) async throws -> [EngagementTally] {
        try await read { db in
            var out: [String: EngagementTally] = [:]
            let sources: [(String, WritableKeyPath<EngagementTally, Int>)] = [
                ("SELECT p.author_id, p.category, COUNT(*) AS n FROM likes x JOIN posts p ON p.id = x.post_id WHERE x.user_id = ? AND x.created_at >= ? GROUP BY 1, 2", \.likes),
                ("SELECT p.author_id, p.category, COUNT(*) AS n FROM comments x JOIN posts p ON p.id = x.post_id WHERE x.author_id = ? AND x.created_at >= ? AND x.deleted_at IS NULL GROUP BY 1, 2", \.comments),
                ("SELECT p.author_id, p.category, COUNT(*) AS n FROM saves x JOIN posts p ON p.id = x.post_id WHERE x.user_id = ? AND x.created_at >= ? GROUP BY 1, 2", \.saves),
                ("SELECT p.author_id, p.category, COUNT(*) AS n FROM shares x JOIN posts p ON p.id = x.post_id WHERE x.user_id = ? AND x.created_at >= ? GROUP BY 1, 2", \.shares),
            ]
            for (sql, field) in sources {
                for r in try Row.fetchAll(db, sql: sql, arguments: [viewer.int64, since.unixMillis]) {
                    let author = r.id("author_id"), category: String = r["category"]
                    let key = "\(author.rawValue)/\(category)"
                    var t = out[key] ?? EngagementTally(author: author, category: category)
                    t[keyPath: field] += r["n"] as Int
                    out[key] = t
                }
            }
            return out.values.sorted { ($0.author, $0.category) < ($1.author, $1.category) }
        }
    }

    public func relationshipCounts(viewer: UserID, since: Date) async throws -> [UserID: RelationshipCount] {
        try await read { db in
            var out: [UserID: RelationshipCount] = [:]
            // One-to-one threads only: a group chat says little about any one member.
            for r in try Row.fetchAll(db, sql: """
                SELECT o.user_id AS other, COUNT(*) AS n FROM dm_participants p
                JOIN dm_participants o ON o.thread_id = p.thread_id AND o.user_id != p.user_id
                JOIN dm_messages m ON m.thread_id = p.thread_id
                WHERE p.user_id = ? AND m.created_at >= ?
                  AND (SELECT COUNT(*) FROM dm_participants c WHERE c.thread_id = p.thread_id) = 2
                GROUP BY o.user_id
                """, arguments: [viewer.int64, since.unixMillis]) {
                out[r.id("other"), default: RelationshipCount()].messages = r["n"]
            }
            for r in try Row.fetchAll(db, sql: "SELECT profile_id, visits FROM profile_visits WHERE viewer_id = ?",
                                      arguments: [viewer.int64]) {
                out[r.id("profile_id"), default: RelationshipCount()].profileVisits = r["visits"]
            }
            return out
        }
    }

    public func recentEntries(authors: [UserID], perAuthor: Int) async throws -> [UserID: [TimelineEntry]] {
        guard !authors.isEmpty else { return [:] }
        return try await read { db in
            let query = try db.cachedStatement(sql: "SELECT id FROM posts WHERE author_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?")
            var out: [UserID: [TimelineEntry]] = [:]
            for a in Set(authors) {
                out[a] = try Int64.fetchAll(query, arguments: [a.int64, perAuthor]).map {
                    TimelineEntry(postID: MosaicID(int64: $0), authorID: a)
                }
            }
            return out
        }
    }

    public func accounts(minFollowers: Int) async throws -> [UserID] {
        try await read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM users WHERE follower_count >= ?", arguments: [minFollowers]).map(MosaicID.init(int64:))
        }
    }
}
