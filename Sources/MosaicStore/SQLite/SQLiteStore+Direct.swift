import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: DirectStore {
    /// Sorted participant IDs: the identity of a thread.
    static func participantKey(_ users: [UserID]) -> String {
        Set(users).sorted().map { String($0.int64) }.joined(separator: ",")
    }

    public func findOrCreateThread(newID: ThreadID, participants: [UserID], at: Date) async throws -> (thread: DirectThread, created: Bool) {
        let key = Self.participantKey(participants)
        return try await write { db in
            if let existing = try Self.thread(db, key: key) { return (existing, false) }
            try db.execute(sql: "INSERT INTO dm_threads (id, participant_key, created_at) VALUES (?, ?, ?)",
                           arguments: [newID.int64, key, at.unixMillis])
            for u in Set(participants) {
                try db.execute(sql: "INSERT INTO dm_participants (user_id, thread_id, sort_key) VALUES (?, ?, ?)",
                               arguments: [u.int64, newID.int64, newID.int64])
            }
            return (try Self.thread(db, key: key)!, true)
        }
    }

    public func thread(id: ThreadID) async throws -> DirectThread? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dm_threads WHERE id = ?", arguments: [id.int64]) else { return nil }
            return Self.thread(row)
        }
    }

    private static func thread(_ db: Database, key: String) throws -> DirectThread? {
        try Row.fetchOne(db, sql: "SELECT * FROM dm_threads WHERE participant_key = ?", arguments: [key]).map(thread)
    }

    private static func thread(_ row: Row) -> DirectThread {
        let key: String = row["participant_key"]
        return DirectThread(id: row.id("id"), participants: key.split(separator: ",").compactMap { Int64($0) }.map(MosaicID.init(int64:)),
                            createdAt: row.date("created_at"), lastMessageAt: row.optionalDate("last_message_at"),
                            lastPreview: row["last_preview"])
    }

    private static func message(_ r: Row) -> DirectMessage {
        DirectMessage(id: r.id("id"), threadID: r.id("thread_id"), senderID: r.id("sender_id"), clientID: r["client_id"],
                      text: r["text"], postID: r.optionalID("post_id"), storyID: r.optionalID("story_id"), createdAt: r.date("created_at"))
    }

    public func send(_ m: DirectMessage) async throws -> (message: DirectMessage, created: Bool) {
        try await write { db in
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM dm_messages WHERE thread_id = ? AND sender_id = ? AND client_id = ?",
                                               arguments: [m.threadID.int64, m.senderID.int64, m.clientID]) {
                return (Self.message(existing), false)
            }
            try db.execute(sql: """
                INSERT INTO dm_messages (id, thread_id, sender_id, client_id, text, post_id, story_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [m.id.int64, m.threadID.int64, m.senderID.int64, m.clientID, m.text, m.postID?.int64,
                                 m.storyID?.int64, m.createdAt.unixMillis])
            let preview = m.text.map { String($0.prefix(80)) } ?? (m.postID != nil ? "Shared a post" : "")
            // The thread's newest message and every participant's inbox position move together.
            try db.execute(sql: """
                UPDATE dm_threads SET last_message_id = ?, last_message_at = ?, last_preview = ?
                WHERE id = ? AND (last_message_id IS NULL OR last_message_id < ?)
                """, arguments: [m.id.int64, m.createdAt.unixMillis, preview, m.threadID.int64, m.id.int64])
            try db.execute(sql: "UPDATE dm_participants SET sort_key = max(sort_key, ?) WHERE thread_id = ?",
                           arguments: [m.id.int64, m.threadID.int64])
            // The sender has read everything up to their own message.
            try db.execute(sql: "UPDATE dm_participants SET last_read_id = max(last_read_id, ?) WHERE thread_id = ? AND user_id = ?",
                           arguments: [m.id.int64, m.threadID.int64, m.senderID.int64])
            return (m, true)
        }
    }

    public func messages(thread: ThreadID, page: PageRequest) async throws -> Page<DirectMessage> {
        try await read { db in
            var args: StatementArguments = [thread.int64]
            var q = "SELECT * FROM dm_messages WHERE thread_id = ?"
            if let after = page.after { q += " AND id < ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY id DESC LIMIT ?"
            args += [page.limit + 1]
            var rows = try Row.fetchAll(db, sql: q, arguments: args).map(Self.message)
            let more = rows.count > page.limit
            if more { rows.removeLast() }
            return Page(items: rows, nextCursor: more ? Cursor(kind: CursorKind.messages, keys: [rows.last!.id.rawValue]) : nil)
        }
    }

    public func inbox(user: UserID, page: PageRequest) async throws -> Page<InboxEntry> {
        try await read { db in
            var args: StatementArguments = [user.int64]
            var q = """
                SELECT t.*, p.sort_key, p.last_read_id FROM dm_participants p JOIN dm_threads t ON t.id = p.thread_id
                WHERE p.user_id = ? AND t.last_message_id IS NOT NULL
                """
            if let after = page.after { q += " AND p.sort_key < ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY p.sort_key DESC LIMIT ?"
            args += [page.limit + 1]
            var rows = try Row.fetchAll(db, sql: q, arguments: args)
            let more = rows.count > page.limit
            if more { rows.removeLast() }
            let entries = try rows.map { r in
                let unread = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dm_messages WHERE thread_id = ? AND id > ? AND sender_id <> ?",
                                              arguments: [r["id"] as Int64, r["last_read_id"] as Int64, user.int64]) ?? 0
                return InboxEntry(thread: Self.thread(r), unreadCount: unread)
            }
            let next = more ? Cursor(kind: CursorKind.inbox, keys: [UInt64(bitPattern: rows.last!["sort_key"] as Int64)]) : nil
            return Page(items: entries, nextCursor: next)
        }
    }

    public func markRead(thread: ThreadID, user: UserID, upTo: MessageID) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE dm_participants SET last_read_id = max(last_read_id, ?) WHERE thread_id = ? AND user_id = ?",
                           arguments: [upTo.int64, thread.int64, user.int64])
        }
    }

    public func readMarkers(thread: ThreadID) async throws -> [UserID: MessageID] {
        try await read { db in
            var out: [UserID: MessageID] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT user_id, last_read_id FROM dm_participants WHERE thread_id = ?", arguments: [thread.int64]) {
                out[r.id("user_id")] = r.id("last_read_id")
            }
            return out
        }
    }

    public func directMessageCounts(from: UserID, to: [UserID]) async throws -> [UserID: Int] {
        guard !to.isEmpty else { return [:] }
        let keys = to.map { Self.participantKey([from, $0]) }
        return try await read { db in
            var out: [UserID: Int] = [:]
            for (i, key) in keys.enumerated() {
                let n = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM dm_messages m JOIN dm_threads t ON t.id = m.thread_id
                    WHERE t.participant_key = ? AND m.sender_id = ?
                    """, arguments: [key, from.int64]) ?? 0
                if n > 0 { out[to[i]] = n }
            }
            return out
        }
    }
}
