import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: BulkImportStore {
    public func importUsers(_ users: [User], passwordHash: String) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO users (id, username, email, password_hash, full_name, bio, is_private, is_verified,
                    follower_count, following_count, post_count, region, created_at, updated_at, last_active_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for u in users {
                try s.execute(arguments: [u.id.int64, u.username, u.email, passwordHash, u.fullName, u.bio, u.isPrivate,
                                          u.isVerified, u.followerCount, u.followingCount, u.postCount, u.region,
                                          u.createdAt.unixMillis, u.createdAt.unixMillis, u.lastActiveAt.unixMillis])
            }
        }
    }

    public func importFollows(_ edges: [(follower: UserID, followee: UserID, edgeID: MosaicID, at: Date)]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: "INSERT OR IGNORE INTO follows (follower_id, followee_id, edge_id, created_at) VALUES (?, ?, ?, ?)")
            for e in edges { try s.execute(arguments: [e.follower.int64, e.followee.int64, e.edgeID.int64, e.at.unixMillis]) }
        }
    }

    public func importMedia(_ media: [MediaRecord]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO media (id, owner_id, type, width, height, variants, placeholder, descriptor, filter,
                                             created_at, expires_at, used_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for m in media {
                try s.execute(arguments: [m.id.int64, m.ownerID.int64, m.type, m.width, m.height, JSONColumn.encode(m.variants),
                                          m.placeholder, Self.descriptorBlob(m.descriptor), m.filter, m.createdAt.unixMillis,
                                          m.expiresAt.unixMillis, m.usedBy?.int64])
            }
        }
    }

    public func importPosts(_ posts: [Post]) async throws {
        try await write { db in
            let post = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO posts (id, author_id, caption, hashtags, mentions, location_name, location_lat, location_lng,
                    tagged_user_ids, like_count, comment_count, save_count, share_count, impression_count, hide_count,
                    category, regions, created_at, deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let media = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO post_media (post_id, position, media_id, width, height, alt_text, placeholder)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let tag = try db.makeStatement(sql: "INSERT OR IGNORE INTO post_tags (tag, post_id) VALUES (?, ?)")
            for p in posts {
                try post.execute(arguments: [p.id.int64, p.authorID.int64, p.caption, JSONColumn.encode(p.hashtags),
                                             JSONColumn.encode(p.mentions), p.location?.name, p.location?.lat, p.location?.lng,
                                             JSONColumn.encode(p.taggedUserIDs.map(\.description)), p.likeCount, p.commentCount,
                                             p.saveCount, p.shareCount, p.impressionCount, p.hideCount, p.category, p.regions.joined(separator: ","),
                                             p.createdAt.unixMillis, p.deletedAt?.unixMillis])
                for m in p.media {
                    try media.execute(arguments: [p.id.int64, m.position, m.mediaID.int64, m.width, m.height, m.altText, m.placeholder])
                }
                for t in p.hashtags { try tag.execute(arguments: [t, p.id.int64]) }
            }
        }
    }

    public func importLikes(_ likes: [(user: UserID, post: PostID, at: Date)]) async throws {
        try await importPairs("likes", likes)
    }

    public func importSaves(_ saves: [(user: UserID, post: PostID, at: Date)]) async throws {
        try await importPairs("saves", saves)
    }

    public func importShares(_ shares: [(user: UserID, post: PostID, at: Date)]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: "INSERT INTO shares (user_id, post_id, created_at) VALUES (?, ?, ?)")
            for r in shares { try s.execute(arguments: [r.user.int64, r.post.int64, r.at.unixMillis]) }
        }
    }

    private func importPairs(_ table: String, _ rows: [(user: UserID, post: PostID, at: Date)]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: "INSERT OR IGNORE INTO \(table) (user_id, post_id, created_at) VALUES (?, ?, ?)")
            for r in rows { try s.execute(arguments: [r.user.int64, r.post.int64, r.at.unixMillis]) }
        }
    }

    public func importComments(_ comments: [Comment]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO comments (id, post_id, author_id, parent_id, text, like_count, reply_count, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in comments {
                try s.execute(arguments: [c.id.int64, c.postID.int64, c.authorID.int64, c.parentID?.int64, c.text,
                                          c.likeCount, c.replyCount, c.createdAt.unixMillis])
            }
        }
    }

    public func importDirectThreads(_ threads: [(thread: DirectThread, messages: [DirectMessage])]) async throws {
        try await write { db in
            let thread = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO dm_threads (id, participant_key, created_at, last_message_id, last_message_at, last_preview)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            let member = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO dm_participants (user_id, thread_id, sort_key, last_read_id) VALUES (?, ?, ?, ?)
                """)
            let message = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO dm_messages (id, thread_id, sender_id, client_id, text, post_id, story_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (t, messages) in threads {
                let last = messages.last
                try thread.execute(arguments: [t.id.int64, Self.participantKey(t.participants), t.createdAt.unixMillis,
                                               last?.id.int64, last?.createdAt.unixMillis, last?.text.map { String($0.prefix(80)) } ?? ""])
                let sortKey = last?.id.int64 ?? t.id.int64
                for u in Set(t.participants) { try member.execute(arguments: [u.int64, t.id.int64, sortKey, last?.id.int64 ?? 0]) }
                for m in messages {
                    try message.execute(arguments: [m.id.int64, t.id.int64, m.senderID.int64, m.clientID, m.text, m.postID?.int64,
                                                    m.storyID?.int64, m.createdAt.unixMillis])
                }
            }
        }
    }

    public func importProfileVisits(_ visits: [(viewer: UserID, profile: UserID, visits: Int, lastAt: Date)]) async throws {
        try await write { db in
            let s = try db.makeStatement(sql: """
                INSERT INTO profile_visits (viewer_id, profile_id, visits, last_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(viewer_id, profile_id) DO UPDATE SET visits = visits + excluded.visits, last_at = max(last_at, excluded.last_at)
                """)
            for v in visits where v.viewer != v.profile {
                try s.execute(arguments: [v.viewer.int64, v.profile.int64, v.visits, v.lastAt.unixMillis])
            }
        }
    }
}
