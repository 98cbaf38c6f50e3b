import GRDB

extension SQLiteMigrations {
    /// Impressions and hides are events, not rows, so no trigger counts them: the catalog's event consumer adds
    /// them to the post in the same transaction that records how far into the event log it has applied
    /// (`event_offsets`), so a restart resumes after exactly what the counters hold.
    static let eventCounters: [SQLiteMigration] = [
        SQLiteMigration(name: "v5-post-impressions-hides") { db in
            try db.execute(sql: """
                ALTER TABLE posts ADD COLUMN impression_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE posts ADD COLUMN hide_count INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE event_offsets (consumer TEXT PRIMARY KEY, applied_through INTEGER NOT NULL) WITHOUT ROWID;
                """)
        },
    ]
}
