import GRDB

extension SQLiteMigrations {
    /// Where a post may be recommended: its region codes comma-joined ("eu,na"), '' for everywhere. A text
    /// column rather than a join table: it is read with the post and never queried by region (Explore filters
    /// in memory).
    static let postRegions: [SQLiteMigration] = [
        SQLiteMigration(name: "v6-post-regions") { db in
            try db.execute(sql: "ALTER TABLE posts ADD COLUMN regions TEXT NOT NULL DEFAULT ''")
        },
    ]
}
