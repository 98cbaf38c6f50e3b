import Foundation
import GRDB
import MosaicCore

extension SQLiteStore {
    public func recordProfileVisit(viewer: UserID, profile: UserID, at: Date) async throws {
        guard viewer != profile else { return }
        try await write { db in
            try db.execute(sql: """
                INSERT INTO profile_visits (viewer_id, profile_id, visits, last_at) VALUES (?, ?, 1, ?)
                ON CONFLICT(viewer_id, profile_id) DO UPDATE SET visits = visits + 1, last_at = excluded.last_at
                """, arguments: [viewer.int64, profile.int64, at.unixMillis])
        }
    }

    public func profileVisits(viewer: UserID, among profiles: [UserID]) async throws -> [UserID: Int] {
        let unique = Array(Set(profiles)).prefix(500)
        guard !unique.isEmpty else { return [:] }
        return try await read { db in
            var out: [UserID: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT profile_id, visits FROM profile_visits WHERE viewer_id = ? AND profile_id IN (\(placeholders(unique.count)))
                """, arguments: StatementArguments([viewer.int64] + unique.map(\.int64))) {
                out[r.id("profile_id")] = r["visits"]
            }
            return out
        }
    }
}
