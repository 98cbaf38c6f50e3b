import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: PostStore {
    static let postColumns = """
        id, author_id, caption, hashtags, mentions, location_name, location_lat, location_lng, tagged_user_ids,
        like_count, comment_count, save_count, share_count, impression_count, hide_count, report_count, category, regions, created_at, deleted_at
        """

    static func media(_ r: Row) -> MediaRecord {
        let descriptor = decodeDescriptor(r["descriptor"])
        return MediaRecord(id: r.id("id"), ownerID: r.id("owner_id"), type: r["type"], width: r["width"],
                           height: r["height"], variants: JSONColumn.decode([String].self, r["variants"], default: []),
                           placeholder: r["placeholder"], descriptor: descriptor, filter: r["filter"],
                           createdAt: r.date("created_at"), expiresAt: r.date("expires_at"), usedBy: r.optionalID("used_by"))
    }

    /// Little-endian Float32s; nil or malformed blobs read as no descriptor.
    static func decodeDescriptor(_ blob: Data?) -> [Float] {
        guard let blob, blob.count % 4 == 0 else { return [] }
        return blob.withUnsafeBytes { raw in
            (0..<(blob.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func descriptorBlob(_ d: [Float]) -> Data? {
        guard !d.isEmpty else { return nil }
        var data = Data(capacity: d.count * 4)
        for f in d { withUnsafeBytes(of: f.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    public func createMedia(_ m: MediaRecord) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO media (id, owner_id, type, width, height, variants, placeholder, descriptor, filter,
                                   created_at, expires_at, used_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [m.id.int64, m.ownerID.int64, m.type, m.width, m.height, JSONColumn.encode(m.variants),
                                 m.placeholder, Self.descriptorBlob(m.descriptor), m.filter, m.createdAt.unixMillis,
                                 m.expiresAt.unixMillis, m.usedBy?.int64])
        }
    }

    public func media(id: MediaID) async throws -> MediaRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: [id.int64]).map(Self.media)
        }
    }

    public func expiredMedia(now: Date, limit: Int) async throws -> [MediaRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM media WHERE used_by IS NULL AND expires_at < ? ORDER BY expires_at LIMIT ?",
                             arguments: [now.unixMillis, limit]).map(Self.media)
        }
    }

    public func deleteMedia(ids: [MediaID]) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            try db.execute(sql: "DELETE FROM media WHERE used_by IS NULL AND id IN (\(placeholders(ids.count)))",
                           arguments: StatementArguments(ids.map(\.int64)))
        }
    }

    public func createPost(_ p: NewPost) async throws -> Post {
        try await write { db in
            let invalid = MosaicError.badRequest("invalid_media_id",
                "Every media ID must be an unused upload of yours from the last 24 hours.")
            guard Set(p.mediaIDs).count == p.mediaIDs.count else { throw invalid }
            var items: [PostMedia] = []
            for (i, mid) in p.mediaIDs.enumerated() {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: [mid.int64]) else {
                    throw invalid
                }
                let m = Self.media(row)
                guard m.ownerID == p.authorID, m.usedBy == nil, m.expiresAt > p.createdAt else { throw invalid }
                // Claim it: the `used_by IS NULL` guard makes a concurrent second claim fail.
                try db.execute(sql: "UPDATE media SET used_by = ? WHERE id = ? AND used_by IS NULL",
                               arguments: [p.id.int64, mid.int64])
                guard db.changesCount == 1 else { throw invalid }
                let alt = i < p.altTexts.count ? p.altTexts[i] : ""
                items.append(PostMedia(mediaID: mid, position: i, width: m.width, height: m.height, altText: alt,
                                       placeholder: m.placeholder))
                try db.execute(sql: """
                    INSERT INTO post_media (post_id, position, media_id, width, height, alt_text, placeholder)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [p.id.int64, i, mid.int64, m.width, m.height, alt, m.placeholder])
            }
            try db.execute(sql: """
                INSERT INTO posts (id, author_id, caption, hashtags, mentions, location_name, location_lat, location_lng,
                                   tagged_user_ids, category, regions, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [p.id.int64, p.authorID.int64, p.caption, JSONColumn.encode(p.hashtags),
                                 JSONColumn.encode(p.mentions), p.location?.name, p.location?.lat, p.location?.lng,
                                 JSONColumn.encode(p.taggedUserIDs.map(\.description)), p.category,
                                 p.regions.joined(separator: ","), p.createdAt.unixMillis])
            for tag in p.hashtags {
                try db.execute(sql: "INSERT OR IGNORE INTO post_tags (tag, post_id) VALUES (?, ?)", arguments: [tag, p.id.int64])
            }
            try db.execute(sql: "UPDATE users SET post_count = post_count + 1 WHERE id = ?", arguments: [p.authorID.int64])
            return Post(id: p.id, authorID: p.authorID, caption: p.caption, hashtags: p.hashtags, mentions: p.mentions,
                        location: p.location, taggedUserIDs: p.taggedUserIDs, media: items, category: p.category,
                        regions: p.regions, createdAt: p.createdAt)
        }
    }

    /// Loads posts with their media in two queries. Columns are read by position (`postColumns`' order): a
    /// read by name looks the name up per row and column, which was most of the cost of hydrating a page.
    static func loadPosts(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [Post] {
        let rows = try Row.fetchAll(db, sql: "SELECT \(postColumns) FROM posts WHERE \(whereSQL)", arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0[0] as Int64 }
        var media: [Int64: [PostMedia]] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[start..<min(start + 500, ids.count)])
            let mrows = try Row.fetchAll(db, sql: """
                SELECT post_id, position, media_id, width, height, alt_text, placeholder FROM post_media
                WHERE post_id IN (\(placeholders(part.count))) ORDER BY post_id, position
                """, arguments: StatementArguments(part))
            for m in mrows {
                media[m[0], default: []].append(PostMedia(
                    mediaID: MosaicID(int64: m[2]), position: m[1], width: m[3], height: m[4], altText: m[5], placeholder: m[6]))
            }
        }
        return rows.map { r in
            let name: String? = r[5]
            let tagged = JSONColumn.strings(r[8]).compactMap { MosaicID($0) }
            let deleted: Int64? = r[19]
            return Post(id: MosaicID(int64: r[0]), authorID: MosaicID(int64: r[1]), caption: r[2],
                        hashtags: JSONColumn.strings(r[3]), mentions: JSONColumn.strings(r[4]),
                        location: name.map { Location(name: $0, lat: r[6], lng: r[7]) },
                        taggedUserIDs: tagged, media: media[r[0]] ?? [], likeCount: r[9], commentCount: r[10],
                        saveCount: r[11], shareCount: r[12], impressionCount: r[13], hideCount: r[14], reportCount: r[15],
                        category: r[16], regions: (r[17] as String).split(separator: ",").map(String.init),
                        createdAt: Date(unixMillis: r[18]), deletedAt: deleted.map(Date.init(unixMillis:)))
        }
    }

    public func post(id: PostID) async throws -> Post? {
        try await read { db in
            try Self.loadPosts(db, whereSQL: "id = ? AND deleted_at IS NULL", arguments: [id.int64]).first
        }
    }

    public func posts(ids: [PostID]) async throws -> [PostID: Post] {
        guard !ids.isEmpty else { return [:] }
        let unique = Array(Set(ids))
        return try await read { db in
            var out: [PostID: Post] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let part = unique[start..<min(start + 500, unique.count)]
                for p in try Self.loadPosts(db, whereSQL: "id IN (\(placeholders(part.count))) AND deleted_at IS NULL",
                                            arguments: StatementArguments(part.map(\.int64))) { out[p.id] = p }
            }
            return out
        }
    }

    public func posts(author: UserID, page: PageRequest) async throws -> Page<Post> {
        try await read { db in
            var args: StatementArguments = [author.int64]
            var w = "author_id = ? AND deleted_at IS NULL"
            if let after = page.after { w += " AND id < ?"; args += [Int64(bitPattern: after)] }
            args += [page.limit + 1]
            let posts = try Self.loadPosts(db, whereSQL: w + " ORDER BY id DESC LIMIT ?", arguments: args)
            return Self.page(posts, limit: page.limit, kind: CursorKind.userPosts)
        }
    }

    public func posts(tag: String, page: PageRequest) async throws -> Page<Post> {
        try await read { db in
            var args: StatementArguments = [tag]
            var sub = "SELECT post_id FROM post_tags WHERE tag = ?"
            if let after = page.after { sub += " AND post_id < ?"; args += [Int64(bitPattern: after)] }
            // Deleted posts are skipped by the outer filter; over-fetch so a page stays full.
            sub += " ORDER BY post_id DESC LIMIT ?"
            args += [page.limit * 2 + 1]
            var posts = try Self.loadPosts(db, whereSQL: "id IN (\(sub)) AND deleted_at IS NULL ORDER BY id DESC", arguments: args)
            if posts.count > page.limit + 1 { posts = Array(posts.prefix(page.limit + 1)) }
            return Self.page(posts, limit: page.limit, kind: CursorKind.tagPosts)
        }
    }

    static func page(_ posts: [Post], limit: Int, kind: UInt8) -> Page<Post> {
        let next = posts.count > limit ? Cursor(kind: kind, keys: [posts[limit - 1].id.rawValue]) : nil
        return Page(items: Array(posts.prefix(limit)), nextCursor: next)
    }

    public func recentPosts(authors: [UserID], before: PostID?, limit: Int) async throws -> [Post] {
        guard !authors.isEmpty else { return [] }
        return try await read { db in
            var out: [Post] = []
            for start in stride(from: 0, to: authors.count, by: 500) {
                let part = authors[start..<min(start + 500, authors.count)]
                var args = StatementArguments(part.map(\.int64))
                var w = "author_id IN (\(placeholders(part.count))) AND deleted_at IS NULL"
                if let before { w += " AND id < ?"; args += [before.int64] }
                args += [limit]
                out += try Self.loadPosts(db, whereSQL: w + " ORDER BY id DESC LIMIT ?", arguments: args)
            }
            out.sort { $0.id > $1.id }
            return Array(out.prefix(limit))
        }
    }

    public func recentPosts(since: Date, limit: Int) async throws -> [Post] {
        try await read { db in
            try Self.loadPosts(db, whereSQL: "created_at >= ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?",
                               arguments: [since.unixMillis, limit])
        }
    }

    public func deletePost(id: PostID, author: UserID, at: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE posts SET deleted_at = ? WHERE id = ? AND author_id = ? AND deleted_at IS NULL",
                           arguments: [at.unixMillis, id.int64, author.int64])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE users SET post_count = post_count - 1 WHERE id = ?", arguments: [author.int64])
            return true
        }
    }

    public func postCount(author: UserID, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts WHERE author_id = ? AND created_at >= ?",
                             arguments: [author.int64, since.unixMillis]) ?? 0
        }
    }
}
