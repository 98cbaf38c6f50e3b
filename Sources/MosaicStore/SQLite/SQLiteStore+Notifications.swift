import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: NotificationStore {
    /// How many actors a notification carries for display ("a, b and 4 others").
    static let shownActors = 5

    public func recordNotification(_ e: NotificationEvent, newID: MosaicID, sortKey: MosaicID,
                                   window: TimeInterval) async throws -> NotificationRecord? {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO notification_dedupe (user_id, dedupe_key) VALUES (?, ?)",
                           arguments: [e.recipient.int64, e.dedupeKey])
            guard db.changesCount > 0 else { return nil }
            let now = e.at.unixMillis
            let since = e.at.addingTimeInterval(-window).unixMillis
            let id: Int64
            if let open = try Int64.fetchOne(db, sql: """
                SELECT id FROM notifications WHERE user_id = ? AND group_key = ? AND is_read = 0 AND updated_at >= ?
                ORDER BY updated_at DESC LIMIT 1
                """, arguments: [e.recipient.int64, e.groupKey, since]) {
                id = open
                try db.execute(sql: "INSERT OR IGNORE INTO notification_actors (notification_id, actor_id, created_at) VALUES (?, ?, ?)",
                               arguments: [id, e.actor.int64, now])
                let added = db.changesCount
                try db.execute(sql: """
                    UPDATE notifications SET actor_count = actor_count + ?, updated_at = ?, sort_key = ?,
                        comment_id = coalesce(?, comment_id) WHERE id = ?
                    """, arguments: [added, now, sortKey.int64, e.commentID?.int64, id])
            } else {
                id = newID.int64
                try db.execute(sql: """
                    INSERT INTO notifications (id, user_id, type, group_key, post_id, comment_id, thread_id, sort_key,
                        actor_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                    """, arguments: [id, e.recipient.int64, e.type, e.groupKey, e.postID?.int64, e.commentID?.int64,
                                     e.threadID?.int64, sortKey.int64, now, now])
                try db.execute(sql: "INSERT INTO notification_actors (notification_id, actor_id, created_at) VALUES (?, ?, ?)",
                               arguments: [id, e.actor.int64, now])
            }
            let row = try Row.fetchOne(db, sql: "SELECT * FROM notifications WHERE id = ?", arguments: [id])!
            return try Self.notification(db, row)
        }
    }

    private static func notification(_ db: Database, _ r: Row) throws -> NotificationRecord {
        let actors = try Int64.fetchAll(db, sql: """
            SELECT actor_id FROM notification_actors WHERE notification_id = ? ORDER BY created_at DESC, actor_id LIMIT ?
            """, arguments: [r["id"] as Int64, shownActors]).map(MosaicID.init(int64:))
        return NotificationRecord(id: r.id("id"), type: r["type"], postID: r.optionalID("post_id"), commentID: r.optionalID("comment_id"),
                                  threadID: r.optionalID("thread_id"), actors: actors, actorCount: r["actor_count"],
                                  createdAt: r.date("created_at"), updatedAt: r.date("updated_at"), read: r["is_read"])
    }

    public func notifications(user: UserID, page: PageRequest) async throws -> Page<NotificationRecord> {
        try await read { db in
            var args: StatementArguments = [user.int64]
            var q = "SELECT * FROM notifications WHERE user_id = ?"
            if let after = page.after { q += " AND sort_key < ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY sort_key DESC LIMIT ?"
            args += [page.limit + 1]
            var rows = try Row.fetchAll(db, sql: q, arguments: args)
            let more = rows.count > page.limit
            if more { rows.removeLast() }
            let items = try rows.map { try Self.notification(db, $0) }
            let next = more ? Cursor(kind: CursorKind.notifications, keys: [UInt64(bitPattern: rows.last!["sort_key"] as Int64)]) : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func markNotificationsRead(user: UserID) async throws -> Int {
        try await write { db in
            try db.execute(sql: "UPDATE notifications SET is_read = 1 WHERE user_id = ? AND is_read = 0", arguments: [user.int64])
            return db.changesCount
        }
    }

    public func unreadNotificationCount(user: UserID, hiding: Set<UserID>) async throws -> Int {
        try await read { db in
            guard !hiding.isEmpty else {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND is_read = 0",
                                        arguments: [user.int64]) ?? 0
            }
            return try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM notifications n WHERE n.user_id = ? AND n.is_read = 0 AND EXISTS (
                    SELECT 1 FROM notification_actors a WHERE a.notification_id = n.id AND a.actor_id NOT IN (\(placeholders(hiding.count))))
                """, arguments: StatementArguments([user.int64] + hiding.map(\.int64))) ?? 0
        }
    }
}
