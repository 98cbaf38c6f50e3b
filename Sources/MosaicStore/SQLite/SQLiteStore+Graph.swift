import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: GraphStore {
    /// Inserts a follow edge and bumps both counters, only if the edge is new.
    static func insertFollow(_ db: Database, follower: UserID, followee: UserID, edgeID: MosaicID, at: Int64) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO follows (follower_id, followee_id, edge_id, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [follower.int64, followee.int64, edgeID.int64, at])
        if db.changesCount > 0 {
            try db.execute(sql: "UPDATE users SET following_count = following_count + 1 WHERE id = ?", arguments: [follower.int64])
            try db.execute(sql: "UPDATE users SET follower_count = follower_count + 1 WHERE id = ?", arguments: [followee.int64])
        }
    }

    static func deleteFollow(_ db: Database, follower: UserID, followee: UserID) throws -> Bool {
        try db.execute(sql: "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?",
                       arguments: [follower.int64, followee.int64])
        guard db.changesCount > 0 else { return false }
        try db.execute(sql: "UPDATE users SET following_count = following_count - 1 WHERE id = ?", arguments: [follower.int64])
        try db.execute(sql: "UPDATE users SET follower_count = follower_count - 1 WHERE id = ?", arguments: [followee.int64])
        return true
    }

    public func follow(follower: UserID, followee: UserID, edgeID: MosaicID, requiresApproval: Bool, at: Date) async throws -> FollowState {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?",
                                 arguments: [follower.int64, followee.int64]) == true {
                return .following
            }
            if requiresApproval {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO follow_requests (requester_id, target_id, edge_id, created_at) VALUES (?, ?, ?, ?)
                    """, arguments: [follower.int64, followee.int64, edgeID.int64, at.unixMillis])
                return .requested
            }
            try Self.insertFollow(db, follower: follower, followee: followee, edgeID: edgeID, at: at.unixMillis)
            return .following
        }
    }

    public func unfollow(follower: UserID, followee: UserID) async throws -> Bool {
        try await write { db in
            let removed = try Self.deleteFollow(db, follower: follower, followee: followee)
            try db.execute(sql: "DELETE FROM follow_requests WHERE requester_id = ? AND target_id = ?",
                           arguments: [follower.int64, followee.int64])
            return removed || db.changesCount > 0
        }
    }

    public func resolveFollowRequest(owner: UserID, requester: UserID, approve: Bool, edgeID: MosaicID, at: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM follow_requests WHERE requester_id = ? AND target_id = ?",
                           arguments: [requester.int64, owner.int64])
            guard db.changesCount > 0 else { return false }
            if approve { try Self.insertFollow(db, follower: requester, followee: owner, edgeID: edgeID, at: at.unixMillis) }
            return true
        }
    }

    public func followRequests(owner: UserID, page: PageRequest) async throws -> Page<UserID> {
        try await edgePage(sql: "SELECT requester_id AS uid, edge_id FROM follow_requests WHERE target_id = ?",
                           owner: owner, page: page, kind: CursorKind.followRequests)
    }

    public func followers(of user: UserID, page: PageRequest) async throws -> Page<UserID> {
        try await edgePage(sql: "SELECT follower_id AS uid, edge_id FROM follows WHERE followee_id = ?",
                           owner: user, page: page, kind: CursorKind.followers)
    }

    public func following(of user: UserID, page: PageRequest) async throws -> Page<UserID> {
        try await edgePage(sql: "SELECT followee_id AS uid, edge_id FROM follows WHERE follower_id = ?",
                           owner: user, page: page, kind: CursorKind.following)
    }

    /// Newest edge first; the cursor is the last edge ID served, so edges added while paging never shift pages.
    private func edgePage(sql: String, owner: UserID, page: PageRequest, kind: UInt8) async throws -> Page<UserID> {
        try await read { db in
            var args: StatementArguments = [owner.int64]
            var q = sql
            if let after = page.after { q += " AND edge_id < ?"; args += [Int64(bitPattern: after)] }
            q += " ORDER BY edge_id DESC LIMIT ?"
            args += [page.limit + 1]
            let rows = try Row.fetchAll(db, sql: q, arguments: args)
            let items = rows.prefix(page.limit).map { $0.id("uid") }
            let next = rows.count > page.limit ? Cursor(kind: kind, keys: [rows[page.limit - 1].id("edge_id").rawValue]) : nil
            return Page(items: Array(items), nextCursor: next)
        }
    }

    public func block(blocker: UserID, blocked: UserID, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)",
                           arguments: [blocker.int64, blocked.int64, at.unixMillis])
            _ = try Self.deleteFollow(db, follower: blocker, followee: blocked)
            _ = try Self.deleteFollow(db, follower: blocked, followee: blocker)
            try db.execute(sql: """
                DELETE FROM follow_requests WHERE (requester_id = ? AND target_id = ?) OR (requester_id = ? AND target_id = ?)
                """, arguments: [blocker.int64, blocked.int64, blocked.int64, blocker.int64])
        }
    }

    public func unblock(blocker: UserID, blocked: UserID) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?",
                           arguments: [blocker.int64, blocked.int64])
        }
    }

    public func relationship(viewer: UserID, target: UserID) async throws -> Relationship {
        try await read { db in
            func exists(_ sql: String, _ a: UserID, _ b: UserID) throws -> Bool {
                try Bool.fetchOne(db, sql: sql, arguments: [a.int64, b.int64]) ?? false
            }
            let follow = "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?"
            let request = "SELECT 1 FROM follow_requests WHERE requester_id = ? AND target_id = ?"
            let block = "SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?"
            func state(_ a: UserID, _ b: UserID) throws -> FollowState {
                if try exists(follow, a, b) { return .following }
                if try exists(request, a, b) { return .requested }
                return .none
            }
            return Relationship(follows: try state(viewer, target), followedBy: try state(target, viewer),
                                viewerBlocked: try exists(block, viewer, target),
                                blockedByTarget: try exists(block, target, viewer))
        }
    }

    public func followeeIDs(of user: UserID) async throws -> [UserID] {
        try await read { db in try Self.followeeIDs(db, user: user) }
    }

    static func followeeIDs(_ db: Database, user: UserID) throws -> [UserID] {
        try Int64.fetchAll(db, sql: "SELECT followee_id FROM follows WHERE follower_id = ?", arguments: [user.int64])
            .map(MosaicID.init(int64:))
    }

    public func followerIDs(of user: UserID) async throws -> [UserID] {
        try await read { db in
            try Int64.fetchAll(db, sql: "SELECT follower_id FROM follows WHERE followee_id = ?", arguments: [user.int64])
                .map(MosaicID.init(int64:))
        }
    }

    public func blockedEitherWay(_ user: UserID) async throws -> Set<UserID> {
        try await read { db in try Self.blockedEitherWay(db, user: user) }
    }

    static func blockedEitherWay(_ db: Database, user: UserID) throws -> Set<UserID> {
        let ids = try Int64.fetchAll(db, sql: """
            SELECT blocked_id FROM blocks WHERE blocker_id = ? UNION SELECT blocker_id FROM blocks WHERE blocked_id = ?
            """, arguments: [user.int64, user.int64])
        return Set(ids.map(MosaicID.init(int64:)))
    }

    public func followedAmong(viewer: UserID, candidates: [UserID]) async throws -> Set<UserID> {
        guard !candidates.isEmpty else { return [] }
        let unique = Array(Set(candidates))
        return try await read { db in
            var out = Set<UserID>()
            for start in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[start..<min(start + 500, unique.count)]
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT followee_id FROM follows WHERE follower_id = ? AND followee_id IN (\(placeholders(part.count)))
                    """, arguments: StatementArguments([viewer.int64] + part.map(\.int64)))
                out.formUnion(ids.map(MosaicID.init(int64:)))
            }
            return out
        }
    }
}
