import GRDB

extension SQLiteMigrations {
    /// Home feed: fan-out jobs and persisted timelines.
    static let feed: [SQLiteMigration] = [SQLiteMigration(name: "v3-feed-timelines") { db in
        try db.execute(sql: """
            CREATE TABLE fanout_jobs (
                post_id INTEGER PRIMARY KEY,
                author_id INTEGER NOT NULL,
                cursor INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE timeline_entries (
                user_id INTEGER NOT NULL,
                post_id INTEGER NOT NULL,
                author_id INTEGER NOT NULL,
                PRIMARY KEY (user_id, post_id)
            ) WITHOUT ROWID;
            CREATE TABLE feed_readers (
                user_id INTEGER PRIMARY KEY,
                last_read_at INTEGER NOT NULL,
                pull_only INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX users_follower_count ON users(follower_count);
            CREATE INDEX comments_author_time ON comments(author_id, created_at);
            CREATE INDEX shares_user_time ON shares(user_id, created_at);
            """)
    }]
}
