import GRDB

/// What Explore's policy reads from the store beyond the social core: where a post may be recommended, and
/// what each viewer asked to stop seeing.
extension SQLiteMigrations {
    /// Where a post may be recommended: its region codes comma-joined ("eu,na"), '' for everywhere. A text
    /// column rather than a join table: it is read with the post and never queried by region (Explore filters
    /// in memory).
    static let explorePolicy: [SQLiteMigration] = [
        SQLiteMigration(name: "v6-post-regions") { db in
            try db.execute(sql: "ALTER TABLE posts ADD COLUMN regions TEXT NOT NULL DEFAULT ''")
        },
        // What a viewer asked Explore to stop showing: posts they hid or reported (one row per viewer and post;
        // reports, counted once per reporter, move `posts.report_count`) and categories they restricted.
        SQLiteMigration(name: "v7-dismissals-restrictions") { db in
            try db.execute(sql: """
                ALTER TABLE posts ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE post_dismissals (
                    user_id INTEGER NOT NULL,
                    post_id INTEGER NOT NULL,
                    reported INTEGER NOT NULL DEFAULT 0,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, post_id)
                ) WITHOUT ROWID;
                CREATE INDEX post_dismissals_recent ON post_dismissals (user_id, at DESC);
                CREATE TABLE user_restricted_categories (
                    user_id INTEGER NOT NULL,
                    category TEXT NOT NULL,
                    PRIMARY KEY (user_id, category)
                ) WITHOUT ROWID;
                """)
        },
    ]
}
