import GRDB

extension SQLiteMigrations {
    /// Stories, direct messages, notifications and search indexes.
    static let messaging: [SQLiteMigration] = [
        SQLiteMigration(name: "v3-direct") { db in
            try db.execute(sql: """
                CREATE TABLE dm_threads (
                    id INTEGER PRIMARY KEY,
                    participant_key TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    last_message_id INTEGER,
                    last_message_at INTEGER,
                    last_preview TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE dm_participants (
                    user_id INTEGER NOT NULL,
                    thread_id INTEGER NOT NULL,
                    sort_key INTEGER NOT NULL,
                    last_read_id INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (user_id, thread_id)
                ) WITHOUT ROWID;
                CREATE INDEX dm_participants_inbox ON dm_participants(user_id, sort_key);
                CREATE INDEX dm_participants_thread ON dm_participants(thread_id);
                CREATE TABLE dm_messages (
                    id INTEGER PRIMARY KEY,
                    thread_id INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    client_id TEXT NOT NULL,
                    text TEXT,
                    post_id INTEGER,
                    story_id INTEGER,
                    created_at INTEGER NOT NULL,
                    UNIQUE (thread_id, sender_id, client_id)
                );
                CREATE INDEX dm_messages_thread ON dm_messages(thread_id, id);
                """)
        },
        SQLiteMigration(name: "v3-notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notifications (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    post_id INTEGER,
                    comment_id INTEGER,
                    thread_id INTEGER,
                    sort_key INTEGER NOT NULL,
                    actor_count INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    is_read INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX notifications_user ON notifications(user_id, sort_key);
                CREATE INDEX notifications_group ON notifications(user_id, group_key, updated_at);
                CREATE TABLE notification_actors (
                    notification_id INTEGER NOT NULL,
                    actor_id INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (notification_id, actor_id)
                ) WITHOUT ROWID;
                CREATE TABLE notification_dedupe (
                    user_id INTEGER NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    PRIMARY KEY (user_id, dedupe_key)
                ) WITHOUT ROWID;
                """)
        },
        SQLiteMigration(name: "v3-stories") { db in
            try db.execute(sql: """
                CREATE TABLE stories (
                    id INTEGER PRIMARY KEY,
                    author_id INTEGER NOT NULL,
                    media_id INTEGER NOT NULL,
                    media_type TEXT NOT NULL,
                    reply_enabled INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX stories_author ON stories(author_id, expires_at);
                CREATE INDEX stories_expiry ON stories(expires_at);
                CREATE TABLE story_views (
                    story_id INTEGER NOT NULL,
                    viewer_id INTEGER NOT NULL,
                    author_id INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (viewer_id, story_id)
                ) WITHOUT ROWID;
                CREATE INDEX story_views_affinity ON story_views(viewer_id, author_id);
                """)
        },
        // Search indexes follow their sources through triggers, so every writer (API, world generator, bulk
        // loaders) keeps them exact without knowing they exist.
        SQLiteMigration(name: "v3-search") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE users_fts USING fts5(username, full_name, content='users', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
                CREATE VIRTUAL TABLE users_trigram USING fts5(username, content='users', content_rowid='id',
                    tokenize='trigram', detail='none');
                CREATE TRIGGER users_search_ai AFTER INSERT ON users BEGIN
                    INSERT INTO users_fts(rowid, username, full_name) VALUES (new.id, new.username, new.full_name);
                    INSERT INTO users_trigram(rowid, username) VALUES (new.id, new.username);
                END;
                CREATE TRIGGER users_search_ad AFTER DELETE ON users BEGIN
                    INSERT INTO users_fts(users_fts, rowid, username, full_name) VALUES ('delete', old.id, old.username, old.full_name);
                    INSERT INTO users_trigram(users_trigram, rowid, username) VALUES ('delete', old.id, old.username);
                END;
                CREATE TRIGGER users_search_au AFTER UPDATE OF username, full_name ON users BEGIN
                    INSERT INTO users_fts(users_fts, rowid, username, full_name) VALUES ('delete', old.id, old.username, old.full_name);
                    INSERT INTO users_trigram(users_trigram, rowid, username) VALUES ('delete', old.id, old.username);
                    INSERT INTO users_fts(rowid, username, full_name) VALUES (new.id, new.username, new.full_name);
                    INSERT INTO users_trigram(rowid, username) VALUES (new.id, new.username);
                END;
                INSERT INTO users_fts(users_fts) VALUES ('rebuild');
                INSERT INTO users_trigram(users_trigram) VALUES ('rebuild');

                CREATE TABLE hashtag_counts (tag TEXT PRIMARY KEY, post_count INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX hashtag_counts_popular ON hashtag_counts(post_count);
                INSERT INTO hashtag_counts SELECT tag, COUNT(*) FROM post_tags GROUP BY tag;
                CREATE TRIGGER post_tags_count_ai AFTER INSERT ON post_tags BEGIN
                    INSERT INTO hashtag_counts(tag, post_count) VALUES (new.tag, 1)
                        ON CONFLICT(tag) DO UPDATE SET post_count = post_count + 1;
                END;
                CREATE TRIGGER post_tags_count_ad AFTER DELETE ON post_tags BEGIN
                    UPDATE hashtag_counts SET post_count = post_count - 1 WHERE tag = old.tag;
                END;

                CREATE TABLE location_counts (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, lat REAL, lng REAL,
                    post_count INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO location_counts SELECT lower(location_name), location_name, location_lat, location_lng, COUNT(*)
                    FROM posts WHERE location_name IS NOT NULL AND deleted_at IS NULL GROUP BY lower(location_name);
                CREATE TRIGGER posts_location_ai AFTER INSERT ON posts WHEN new.location_name IS NOT NULL BEGIN
                    INSERT INTO location_counts(name_key, name, lat, lng, post_count)
                        VALUES (lower(new.location_name), new.location_name, new.location_lat, new.location_lng, 1)
                        ON CONFLICT(name_key) DO UPDATE SET post_count = post_count + 1;
                END;
                CREATE TRIGGER posts_location_deleted AFTER UPDATE OF deleted_at ON posts
                    WHEN new.location_name IS NOT NULL AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
                    UPDATE location_counts SET post_count = post_count - 1 WHERE name_key = lower(new.location_name);
                END;
                CREATE TRIGGER posts_tags_deleted AFTER UPDATE OF deleted_at ON posts
                    WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
                    UPDATE hashtag_counts SET post_count = post_count - 1
                        WHERE tag IN (SELECT tag FROM post_tags WHERE post_id = new.id);
                END;
                """)
        },
    ]
}
