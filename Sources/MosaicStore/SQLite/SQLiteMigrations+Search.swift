import GRDB

extension SQLiteMigrations {
    /// v4 replaces v3's username FTS and trigram tables: FTS5's prefix queries over a million distinct username
    /// terms merged thousands of doclists per query, and the trigram OR-query ranked every account sharing a
    /// trigram. Usernames are now searched through a covering B-tree index (prefix walk, most followed first) and
    /// typo variants probed against it; FTS5 keeps only what it is good at — words: full names and the inner
    /// words of a username ("lopez" in "maria_lopez"), with prefix indexes up to six letters (a longer prefix
    /// query would merge a common word's whole doclist). Two covering indexes serve the two shapes of a username
    /// prefix: (username, follower_count) walks a narrow prefix; (follower_count, username) finds the most followed
    /// of a broad one by reading from the top until enough match.
    static let search: [SQLiteMigration] = [
        SQLiteMigration(name: "v4-search-words") { db in
            let inner = { (u: String) in
                """
                CASE WHEN instr(\(u), '_') + instr(\(u), '.') = 0 THEN '' ELSE substr(\(u), 1 +
                    CASE WHEN instr(\(u), '_') = 0 THEN instr(\(u), '.') WHEN instr(\(u), '.') = 0 THEN instr(\(u), '_')
                         ELSE min(instr(\(u), '_'), instr(\(u), '.')) END) END
                """
            }
            try db.execute(sql: """
                DROP TRIGGER users_search_ai;
                DROP TRIGGER users_search_ad;
                DROP TRIGGER users_search_au;
                DROP TABLE users_fts;
                DROP TABLE users_trigram;
                CREATE INDEX users_username_followers ON users(username, follower_count);
                DROP INDEX users_follower_count;
                CREATE INDEX users_followers_username ON users(follower_count, username);
                CREATE VIRTUAL TABLE user_words USING fts5(words, tokenize='unicode61 remove_diacritics 2',
                    prefix='1 2 3 4 5 6', detail='none');
                INSERT INTO user_words(rowid, words) SELECT id, full_name || ' ' || \(inner("username")) FROM users;
                CREATE TRIGGER user_words_ai AFTER INSERT ON users BEGIN
                    INSERT INTO user_words(rowid, words) VALUES (new.id, new.full_name || ' ' || \(inner("new.username")));
                END;
                CREATE TRIGGER user_words_ad AFTER DELETE ON users BEGIN
                    DELETE FROM user_words WHERE rowid = old.id;
                END;
                CREATE TRIGGER user_words_au AFTER UPDATE OF username, full_name ON users BEGIN
                    UPDATE user_words SET words = new.full_name || ' ' || \(inner("new.username")) WHERE rowid = new.id;
                END;
                """)
        },
    ]
}
