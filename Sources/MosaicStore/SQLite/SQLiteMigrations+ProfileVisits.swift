import GRDB

extension SQLiteMigrations {
    /// One row per (viewer, profile) pair rather than one per visit: the signal is "how often", and a counter
    /// keeps a heavy browser's history from growing without bound.
    static let profileVisits: [SQLiteMigration] = [
        SQLiteMigration(name: "v4-profile-visits") { db in
            try db.execute(sql: """
                CREATE TABLE profile_visits (viewer_id INTEGER NOT NULL, profile_id INTEGER NOT NULL,
                    visits INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (viewer_id, profile_id)) WITHOUT ROWID;
                """)
        },
    ]
}
