import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: EngagementStore {
    public func like(user: UserID, post: PostID, at: Date) async throws -> (likeCount: Int, changed: Bool) {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO likes (user_id, post_id, created_at) VALUES (?, ?, ?)",
                           arguments: [user.int64, post.int64, at.unixMillis])
            let changed = db.changesCount > 0
            if changed { try db.execute(sql: "UPDATE posts SET like_count = like_count + 1 WHERE id = ?", arguments: [post.int64]) }
            return (try Int.fetchOne(db, sql: "SELECT like_count FROM posts WHERE id = ?", arguments: [post.int64]) ?? 0, changed)
        }
    }

    public func unlike(user: UserID, post: PostID) async throws -> (likeCount: Int, changed: Bool) {
        try await write { db in
            try db.execute(sql: "DELETE FROM likes WHERE user_id = ? AND post_id = ?", arguments: [user.int64, post.int64])
            let changed = db.changesCount > 0
            if changed { try db.execute(sql: "UPDATE posts SET like_count = like_count - 1 WHERE id = ?", arguments: [post.int64]) }
            return (try Int.fetchOne(db, sql: "SELECT like_count FROM posts WHERE id = ?", arguments: [post.int64]) ?? 0, changed)
        }
    }

    public func save(user: UserID, post: PostID, at: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO saves (user_id, post_id, created_at) VALUES (?, ?, ?)",
                           arguments: [user.int64, post.int64, at.unixMillis])
            let changed = db.changesCount > 0
            if changed { try db.execute(sql: "UPDATE posts SET save_count = save_count + 1 WHERE id = ?", arguments: [post.int64]) }
            return changed
        }
    }

    public func unsave(user: UserID, post: PostID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM saves WHERE user_id = ? AND post_id = ?", arguments: [user.int64, post.int64])
            let changed = db.changesCount > 0
            if changed { try db.execute(sql: "UPDATE posts SET save_count = save_count - 1 WHERE id = ?", arguments: [post.int64]) }
            return changed
        }
    }

    public func recordShare(user: UserID, post: PostID, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO shares (user_id, post_id, created_at) VALUES (?, ?, ?)",
                           arguments: [user.int64, post.int64, at.unixMillis])
            try db.execute(sql: "UPDATE posts SET share_count = share_count + 1 WHERE id = ?", arguments: [post.int64])
        }
    }

    private func among(_ table: String, user: UserID, posts: [PostID]) async throws -> Set<PostID> {
        guard !posts.isEmpty else { return [] }
        let unique = Array(Set(posts))
        return try await read { db in
            var out = Set<PostID>()
            for start in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[start..<min(start + 500, unique.count)]
                let ids = try Int64.fetchAll(db, sql: "SELECT post_id FROM \(table) WHERE user_id = ? AND post_id IN (\(placeholders(part.count)))",
                                             arguments: StatementArguments([user.int64] + part.map(\.int64)))
                out.formUnion(ids.map(MosaicID.init(int64:)))
            }
            return out
        }
    }

    public func likedAmong(user: UserID, posts: [PostID]) async throws -> Set<PostID> {
        try await among("likes", user: user, posts: posts)
    }

    public func savedAmong(user: UserID, posts: [PostID]) async throws -> Set<PostID> {
        try await among("saves", user: user, posts: posts)
    }

    public func savedPosts(user: UserID, page: PageRequest) async throws -> Page<PostID> {
        try await read { db in
            // Keyed by (save time, post ID) folded into one key: ms << 20 | low bits of the post ID keeps order
            // stable and unique enough for one user's saves.
            var args: StatementArguments = [user.int64]
            var q = "SELECT post_id, created_at FROM saves WHERE user_id = ?"
            if let after = page.after { q += " AND created_at < ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY created_at DESC LIMIT ?"
            args += [page.limit + 1]
            let rows = try Row.fetchAll(db, sql: q, arguments: args)
            let items = rows.prefix(page.limit).map { $0.id("post_id") }
            let next = rows.count > page.limit
                ? Cursor(kind: CursorKind.savedPosts, keys: [UInt64(bitPattern: rows[page.limit - 1]["created_at"])]) : nil
            return Page(items: Array(items), nextCursor: next)
        }
    }

    public func recentlyEngagedPosts(user: UserID, limit: Int) async throws -> [PostID] {
        try await read { db in try Self.recentlyEngagedPosts(db, user: user, limit: limit) }
    }

    static func recentlyEngagedPosts(_ db: Database, user: UserID, limit: Int) throws -> [PostID] {
        try Int64.fetchAll(db, sql: """
            SELECT post_id FROM (
                SELECT post_id, created_at FROM likes WHERE user_id = ?
                UNION ALL SELECT post_id, created_at FROM saves WHERE user_id = ?)
            GROUP BY post_id ORDER BY MAX(created_at) DESC LIMIT ?
            """, arguments: [user.int64, user.int64, limit]).map(MosaicID.init(int64:))
    }

    public func dismiss(user: UserID, post: PostID, report: Bool, at: Date) async throws -> Bool {
        try await write { db in
            let before = try Int.fetchOne(db, sql: "SELECT reported FROM post_dismissals WHERE user_id = ? AND post_id = ?",
                                          arguments: [user.int64, post.int64])
            try db.execute(sql: """
                INSERT INTO post_dismissals (user_id, post_id, reported, at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, post_id) DO UPDATE SET reported = max(reported, excluded.reported), at = excluded.at
                """, arguments: [user.int64, post.int64, report ? 1 : 0, at.unixMillis])
            guard report, before != 1 else { return false }
            try db.execute(sql: "UPDATE posts SET report_count = report_count + 1 WHERE id = ?", arguments: [post.int64])
            return true
        }
    }

    public func dismissedPosts(user: UserID, limit: Int) async throws -> [PostID] {
        try await read { db in try Self.dismissedPosts(db, user: user, limit: limit) }
    }

    static func dismissedPosts(_ db: Database, user: UserID, limit: Int) throws -> [PostID] {
        try Int64.fetchAll(db, sql: "SELECT post_id FROM post_dismissals WHERE user_id = ? ORDER BY at DESC LIMIT ?",
                           arguments: [user.int64, limit]).map(PostID.init(int64:))
    }

    public func recentLikes(byUsers users: [UserID], since: Date, limit: Int) async throws -> [(user: UserID, post: PostID)] {
        guard !users.isEmpty else { return [] }
        return try await read { db in
            var out: [(UserID, PostID, Int64)] = []
            for start in stride(from: 0, to: users.count, by: 500) {
                let part = users[start..<min(start + 500, users.count)]
                let rows = try Row.fetchAll(db, sql: """
                    SELECT user_id, post_id, created_at FROM likes
                    WHERE user_id IN (\(placeholders(part.count))) AND created_at >= ? ORDER BY created_at DESC LIMIT ?
                    """, arguments: StatementArguments(part.map(\.int64)) + [since.unixMillis, limit])
                out += rows.map { ($0.id("user_id"), $0.id("post_id"), $0["created_at"]) }
            }
            return out.sorted { $0.2 > $1.2 }.prefix(limit).map { (user: $0.0, post: $0.1) }
        }
    }

    static func comment(_ r: Row) -> Comment {
        Comment(id: r.id("id"), postID: r.id("post_id"), authorID: r.id("author_id"), parentID: r.optionalID("parent_id"),
                text: r["text"], likeCount: r["like_count"], replyCount: r["reply_count"], createdAt: r.date("created_at"))
    }

    public func addComment(_ c: Comment) async throws -> Comment {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO comments (id, post_id, author_id, parent_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [c.id.int64, c.postID.int64, c.authorID.int64, c.parentID?.int64, c.text, c.createdAt.unixMillis])
            try db.execute(sql: "UPDATE posts SET comment_count = comment_count + 1 WHERE id = ?", arguments: [c.postID.int64])
            if let parent = c.parentID {
                try db.execute(sql: "UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?", arguments: [parent.int64])
            }
            return c
        }
    }

    public func comment(id: CommentID) async throws -> Comment? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM comments WHERE id = ? AND deleted_at IS NULL", arguments: [id.int64])
                .map(Self.comment)
        }
    }

    public func comments(post: PostID, parent: CommentID?, page: PageRequest) async throws -> Page<Comment> {
        try await read { db in
            var args: StatementArguments = [post.int64]
            var q = "SELECT * FROM comments WHERE post_id = ? AND deleted_at IS NULL"
            if let parent { q += " AND parent_id = ?"; args += [parent.int64] } else { q += " AND parent_id IS NULL" }
            if let after = page.after { q += " AND id > ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY id ASC LIMIT ?"
            args += [page.limit + 1]
            let rows = try Row.fetchAll(db, sql: q, arguments: args).map(Self.comment)
            let next = rows.count > page.limit ? Cursor(kind: CursorKind.comments, keys: [rows[page.limit - 1].id.rawValue]) : nil
            return Page(items: Array(rows.prefix(page.limit)), nextCursor: next)
        }
    }
}
