import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: AccountStore {
    static let userColumns = """
        id, username, email, full_name, bio, is_private, is_verified, profile_pic_media_id, follower_count,
        following_count, post_count, region, created_at, last_active_at
        """

    static func user(_ r: Row) -> User {
        User(id: r.id("id"), username: r["username"], fullName: r["full_name"], bio: r["bio"], email: r["email"],
             isPrivate: r["is_private"], isVerified: r["is_verified"],
             profilePicMediaID: r.optionalID("profile_pic_media_id"), followerCount: r["follower_count"],
             followingCount: r["following_count"], postCount: r["post_count"], region: r["region"],
             createdAt: r.date("created_at"), lastActiveAt: r.date("last_active_at"))
    }

    public func createAccount(_ a: NewAccount) async throws -> User {
        do {
            return try await write { db in
                let now = a.createdAt.unixMillis
                try db.execute(sql: """
                    INSERT INTO users (id, username, email, password_hash, full_name, is_private, is_verified,
                                       region, created_at, updated_at, last_active_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [a.id.int64, a.username, a.email, a.passwordHash, a.fullName, a.isPrivate,
                                     a.isVerified, a.region, now, now, now])
                return User(id: a.id, username: a.username, fullName: a.fullName, email: a.email,
                            isPrivate: a.isPrivate, isVerified: a.isVerified, region: a.region,
                            createdAt: a.createdAt, lastActiveAt: a.createdAt)
            }
        } catch let e as DatabaseError where e.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                                            || e.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            if e.message?.contains("email") == true {
                throw MosaicError.conflict("email_taken", "An account with this email exists.")
            }
            throw MosaicError.conflict("username_taken", "This username is taken.")
        }
    }

    public func user(id: UserID) async throws -> User? {
        try await read { db in try Self.userByID(db, id: id) }
    }

    static func userByID(_ db: Database, id: UserID) throws -> User? {
        try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE id = ?", arguments: [id.int64])
            .map(Self.user)
    }

    public func user(username: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE username = ?",
                             arguments: [username.lowercased()]).map(Self.user)
        }
    }

    public func users(ids: [UserID]) async throws -> [UserID: User] {
        guard !ids.isEmpty else { return [:] }
        let unique = Array(Set(ids))
        return try await read { db in
            var out: [UserID: User] = [:]
            for chunk in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[chunk..<min(chunk + 500, unique.count)]
                let rows = try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM users WHERE id IN (\(placeholders(part.count)))",
                                            arguments: StatementArguments(part.map(\.int64)))
                for r in rows { let u = Self.user(r); out[u.id] = u }
            }
            return out
        }
    }

    public func updateProfile(id: UserID, _ c: ProfileChanges, at: Date) async throws -> User {
        try await write { db in
            if let v = c.fullName { try db.execute(sql: "UPDATE users SET full_name = ? WHERE id = ?", arguments: [v, id.int64]) }
            if let v = c.bio { try db.execute(sql: "UPDATE users SET bio = ? WHERE id = ?", arguments: [v, id.int64]) }
            if let v = c.region { try db.execute(sql: "UPDATE users SET region = ? WHERE id = ?", arguments: [v, id.int64]) }
            if let v = c.isPrivate {
                try db.execute(sql: "UPDATE users SET is_private = ? WHERE id = ?", arguments: [v, id.int64])
                if !v {
                    // Going public approves every pending request, as Instagram does.
                    let pending = try Row.fetchAll(db, sql: "SELECT requester_id, edge_id, created_at FROM follow_requests WHERE target_id = ?",
                                                   arguments: [id.int64])
                    for p in pending {
                        try Self.insertFollow(db, follower: p.id("requester_id"), followee: id,
                                              edgeID: p.id("edge_id"), at: p["created_at"])
                    }
                    try db.execute(sql: "DELETE FROM follow_requests WHERE target_id = ?", arguments: [id.int64])
                }
            }
            if let v = c.profilePicMediaID {
                try db.execute(sql: "UPDATE users SET profile_pic_media_id = ? WHERE id = ?", arguments: [v.int64, id.int64])
            }
            try db.execute(sql: "UPDATE users SET updated_at = ? WHERE id = ?", arguments: [at.unixMillis, id.int64])
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE id = ?", arguments: [id.int64]) else {
                throw MosaicError.notFound("The account")
            }
            return Self.user(row)
        }
    }

    public func passwordHash(username: String) async throws -> (UserID, String)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, password_hash FROM users WHERE username = ?",
                             arguments: [username.lowercased()]).map { ($0.id("id"), $0["password_hash"] as String) }
        }
    }

    public func createSession(userID: UserID, tokenHash: [UInt8], createdAt: Date, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [Data(tokenHash), userID.int64, createdAt.unixMillis, expiresAt.unixMillis])
        }
    }

    public func sessionUser(tokenHash: [UInt8], now: Date) async throws -> UserID? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?",
                               arguments: [Data(tokenHash), now.unixMillis]).map(MosaicID.init(int64:))
        }
    }

    public func deleteSession(tokenHash: [UInt8]) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [Data(tokenHash)])
        }
    }

    public func touch(userID: UserID, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE users SET last_active_at = ? WHERE id = ? AND last_active_at < ?",
                           arguments: [at.unixMillis, userID.int64, at.unixMillis])
        }
    }

    public func setInterests(user: UserID, _ categories: [String]) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM user_interests WHERE user_id = ?", arguments: [user.int64])
            for (i, c) in categories.enumerated() {
                try db.execute(sql: "INSERT OR IGNORE INTO user_interests (user_id, category, position) VALUES (?, ?, ?)",
                               arguments: [user.int64, c, i])
            }
        }
    }

    public func interests(user: UserID) async throws -> [String] {
        try await read { db in try Self.interests(db, user: user) }
    }

    static func interests(_ db: Database, user: UserID) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT category FROM user_interests WHERE user_id = ? ORDER BY position", arguments: [user.int64])
    }

    public func setRestrictedCategories(user: UserID, _ categories: [String]) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM user_restricted_categories WHERE user_id = ?", arguments: [user.int64])
            for c in categories {
                try db.execute(sql: "INSERT OR IGNORE INTO user_restricted_categories (user_id, category) VALUES (?, ?)",
                               arguments: [user.int64, c])
            }
        }
    }

    public func restrictedCategories(user: UserID) async throws -> [String] {
        try await read { db in try Self.restrictedCategories(db, user: user) }
    }

    static func restrictedCategories(_ db: Database, user: UserID) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT category FROM user_restricted_categories WHERE user_id = ? ORDER BY category",
                            arguments: [user.int64])
    }

    public func userCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }
}
