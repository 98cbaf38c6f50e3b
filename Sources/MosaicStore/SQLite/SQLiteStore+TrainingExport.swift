import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: TrainingExportStore {
    public func engagementLog(since: Date, limit: Int) async throws -> [EngagementRow] {
        try await read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT user_id, post_id, created_at, 'like' AS kind FROM likes WHERE created_at >= ?1
                UNION ALL SELECT user_id, post_id, created_at, 'save' FROM saves WHERE created_at >= ?1
                UNION ALL SELECT author_id, post_id, created_at, 'comment' FROM comments WHERE created_at >= ?1 AND deleted_at IS NULL
                UNION ALL SELECT user_id, post_id, created_at, 'share' FROM shares WHERE created_at >= ?1
                ORDER BY created_at DESC LIMIT ?2
                """, arguments: [since.unixMillis, limit])
            var out: [EngagementRow] = []
            while let r = try rows.next() {
                out.append(EngagementRow(user: r.id("user_id"), post: r.id("post_id"),
                                         kind: EngagementRow.Kind(rawValue: r["kind"]) ?? .like, at: r.date("created_at")))
            }
            return out.reversed()
        }
    }

    public func firstMediaDescriptors(posts: [PostID]) async throws -> [PostID: [Float]] {
        guard !posts.isEmpty else { return [:] }
        return try await read { db in
            var out: [PostID: [Float]] = [:]
            for start in stride(from: 0, to: posts.count, by: 500) {
                let part = posts[start..<min(start + 500, posts.count)]
                let rows = try Row.fetchAll(db, sql: """
                    SELECT pm.post_id AS post_id, m.descriptor AS descriptor FROM post_media pm JOIN media m ON m.id = pm.media_id
                    WHERE pm.position = 0 AND pm.post_id IN (\(placeholders(part.count)))
                    """, arguments: StatementArguments(part.map(\.int64)))
                for r in rows {
                    let d = Self.decodeDescriptor(r["descriptor"])
                    if !d.isEmpty { out[r.id("post_id")] = d }
                }
            }
            return out
        }
    }
}
