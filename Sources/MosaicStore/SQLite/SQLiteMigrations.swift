import GRDB

/// One named schema step.
struct SQLiteMigration: Sendable {
    let name: String
    let apply: @Sendable (Database) throws -> Void
}

/// Versioned schema. A migration, once shipped, is never edited: later changes are new migrations. Each
/// aggregate keeps its migrations in its own file; this list fixes their order.
enum SQLiteMigrations {
    static let all: [SQLiteMigration] = social + interests + feed + messaging + search + profileVisits + eventCounters
        + explorePolicy

    static let interests: [SQLiteMigration] = [SQLiteMigration(name: "v2-user-interests") { db in
        try db.execute(sql: """
            CREATE TABLE user_interests (
                user_id INTEGER NOT NULL,
                category TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (user_id, category)
            ) WITHOUT ROWID;
            """)
    }]

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for step in all { m.registerMigration(step.name, migrate: step.apply) }
        return m
    }

    static let social: [SQLiteMigration] = [SQLiteMigration(name: "v1-social-core") { db in
            try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                email TEXT UNIQUE,
                password_hash TEXT NOT NULL,
                full_name TEXT NOT NULL DEFAULT '',
                bio TEXT NOT NULL DEFAULT '',
                is_private INTEGER NOT NULL DEFAULT 0,
                is_verified INTEGER NOT NULL DEFAULT 0,
                profile_pic_media_id INTEGER,
                follower_count INTEGER NOT NULL DEFAULT 0,
                following_count INTEGER NOT NULL DEFAULT 0,
                post_count INTEGER NOT NULL DEFAULT 0,
                region TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_active_at INTEGER NOT NULL
            );
            CREATE TABLE sessions (
                token_hash BLOB PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id),
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX sessions_user ON sessions(user_id);
            CREATE TABLE follows (
                follower_id INTEGER NOT NULL,
                followee_id INTEGER NOT NULL,
                edge_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (follower_id, followee_id)
            ) WITHOUT ROWID;
            CREATE INDEX follows_followee ON follows(followee_id, edge_id);
            CREATE INDEX follows_follower_edge ON follows(follower_id, edge_id);
            CREATE TABLE follow_requests (
                requester_id INTEGER NOT NULL,
                target_id INTEGER NOT NULL,
                edge_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (requester_id, target_id)
            ) WITHOUT ROWID;
            CREATE INDEX follow_requests_target ON follow_requests(target_id, edge_id);
            CREATE TABLE blocks (
                blocker_id INTEGER NOT NULL,
                blocked_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (blocker_id, blocked_id)
            ) WITHOUT ROWID;
            CREATE INDEX blocks_blocked ON blocks(blocked_id);
            CREATE TABLE media (
                id INTEGER PRIMARY KEY,
                owner_id INTEGER NOT NULL,
                type TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                variants TEXT NOT NULL,
                placeholder TEXT NOT NULL,
                descriptor BLOB,
                filter TEXT,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_by INTEGER
            );
            CREATE INDEX media_unused_expiry ON media(expires_at) WHERE used_by IS NULL;
            CREATE TABLE posts (
                id INTEGER PRIMARY KEY,
                author_id INTEGER NOT NULL,
                caption TEXT NOT NULL,
                hashtags TEXT NOT NULL,
                mentions TEXT NOT NULL,
                location_name TEXT,
                location_lat REAL,
                location_lng REAL,
                tagged_user_ids TEXT NOT NULL,
                like_count INTEGER NOT NULL DEFAULT 0,
                comment_count INTEGER NOT NULL DEFAULT 0,
                save_count INTEGER NOT NULL DEFAULT 0,
                share_count INTEGER NOT NULL DEFAULT 0,
                category TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                deleted_at INTEGER
            );
            CREATE INDEX posts_author ON posts(author_id, id);
            CREATE INDEX posts_created ON posts(created_at);
            CREATE TABLE post_media (
                post_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                media_id INTEGER NOT NULL UNIQUE,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                alt_text TEXT NOT NULL,
                placeholder TEXT NOT NULL,
                PRIMARY KEY (post_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE post_tags (
                tag TEXT NOT NULL,
                post_id INTEGER NOT NULL,
                PRIMARY KEY (tag, post_id)
            ) WITHOUT ROWID;
            CREATE TABLE likes (
                user_id INTEGER NOT NULL,
                post_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, post_id)
            ) WITHOUT ROWID;
            CREATE INDEX likes_post ON likes(post_id, created_at);
            CREATE TABLE saves (
                user_id INTEGER NOT NULL,
                post_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, post_id)
            ) WITHOUT ROWID;
            CREATE INDEX saves_user_time ON saves(user_id, created_at);
            CREATE TABLE shares (
                user_id INTEGER NOT NULL,
                post_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE comments (
                id INTEGER PRIMARY KEY,
                post_id INTEGER NOT NULL,
                author_id INTEGER NOT NULL,
                parent_id INTEGER,
                text TEXT NOT NULL,
                like_count INTEGER NOT NULL DEFAULT 0,
                reply_count INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                deleted_at INTEGER
            );
            CREATE INDEX comments_thread ON comments(post_id, parent_id, id);
            """)
    }]
}
