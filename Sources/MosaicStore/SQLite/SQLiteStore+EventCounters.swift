import Foundation
import GRDB
import MosaicCore

extension SQLiteStore {
    public func addEventCounts(_ counts: [PostID: PostEventCounts], consumer: String, appliedThrough offset: UInt64) async throws {
        try await write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE posts SET impression_count = impression_count + ?, hide_count = hide_count + ? WHERE id = ?
                """)
            for (post, c) in counts where c.impressions != 0 || c.hides != 0 {
                try update.execute(arguments: [c.impressions, c.hides, post.int64])
            }
            try db.execute(sql: """
                INSERT INTO event_offsets (consumer, applied_through) VALUES (?, ?)
                ON CONFLICT(consumer) DO UPDATE SET applied_through = excluded.applied_through
                """, arguments: [consumer, Int64(bitPattern: offset)])
        }
    }

    /// Drops `consumer`'s recorded offset (the counts stay): for a data folder whose event log was deleted, so
    /// that the consumer reads the new log from its start instead of refusing it as behind its offset.
    public func forgetEventOffset(consumer: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM event_offsets WHERE consumer = ?", arguments: [consumer]) }
    }

    public func eventOffset(consumer: String) async throws -> UInt64? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT applied_through FROM event_offsets WHERE consumer = ?", arguments: [consumer])
                .map { UInt64(bitPattern: $0) }
        }
    }
}
