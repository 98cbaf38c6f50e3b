import Foundation
import MosaicCore
import MosaicStore
import MosaicVectors
import MosaicWorld

/// Writes a generated `World` into a store in large transactions: users with their counters, follow edges,
/// posts with one media record each, likes, saves and comments. Images are not rendered here: the media
/// records name procedural images that are rendered on first request (see `ProceduralMedia`).
struct WorldLoader {
    let store: any BulkImportStore
    let world: World
    let passwordHash: String
    /// Builds a post's media record (placeholder and visual descriptor from a small render).
    let media: @Sendable (_ post: Int, _ id: MediaID, _ owner: UserID, _ at: Date) -> MediaRecord

    /// Loads the world; returns how long each phase took, in order (users, follows, posts with their media,
    /// likes, saves / shares / comments, messages and visits).
    @discardableResult
    func load(progress: (Double, String) -> Void) async throws -> [(phase: String, duration: Duration)] {
        let batch = 20_000
        let users = world.users
        var phases: [(phase: String, duration: Duration)] = []
        var phaseStart = ContinuousClock.now
        func endPhase(_ name: String) {
            let now = ContinuousClock.now
            phases.append((name, now - phaseStart))
            phaseStart = now
        }
        for start in stride(from: 0, to: users.count, by: batch) {
            try await store.importUsers((start..<min(start + batch, users.count)).map(world.user(at:)), passwordHash: passwordHash)
            progress(0.1 * Double(start + batch) / Double(users.count), "users")
        }
        endPhase("users")
        var edges: [(follower: UserID, followee: UserID, edgeID: MosaicID, at: Date)] = []
        edges.reserveCapacity(batch * 5)
        var minter = HistoricalIDMinter()
        for u in 0..<users.count {
            for f in world.graph.following(of: u) {
                let at = world.followedAt(follower: u, followee: Int(f))
                let (id, _) = minter.mint(unixMillis: max(Int64(MosaicID.epochMillis), Int64(at.timeIntervalSince1970 * 1000)),
                                          shard: users.ids[u].shard)
                edges.append((users.ids[u], users.ids[Int(f)], id, at))
            }
            if edges.count >= batch * 5 || u == users.count - 1 {
                // Edge IDs only need to be unique and roughly time-ordered per follower list; a minter fed
                // out-of-order times keeps them unique by moving forward.
                try await store.importFollows(edges)
                edges.removeAll(keepingCapacity: true)
                progress(0.1 + 0.4 * Double(u) / Double(users.count), "follows")
            }
        }
        endPhase("follows")
        let posts = world.posts
        for start in stride(from: 0, to: posts.count, by: batch) {
            let range = start..<min(start + batch, posts.count)
            // Each post's media record renders its image and computes its visual descriptor (about a
            // millisecond of CPU), so the batch is built on every core; posts and records stay in index order.
            let built = Self.parallelMap(range) { i in
                var p = world.post(at: i)
                // The media ID shares the post's shard and time, one sequence apart.
                let mid = MosaicID(millisSinceEpoch: p.id.millisSinceEpoch, shard: p.id.shard,
                                   sequence: (p.id.sequence + 512) & MosaicID.maxSequence)
                var m = media(i, mid, p.authorID, p.createdAt)
                m.usedBy = p.id
                p.media = [PostMedia(mediaID: mid, position: 0, width: m.width, height: m.height,
                                     altText: "A \(p.category) photo", placeholder: m.placeholder)]
                return (post: p, media: m)
            }
            try await store.importMedia(built.map(\.media))
            try await store.importPosts(built.map(\.post))
            progress(0.5 + 0.3 * Double(range.upperBound) / Double(posts.count), "posts")
        }
        endPhase("posts and media")
        var likes: [(user: UserID, post: PostID, at: Date)] = [], saves = likes, shares = likes
        var seenLike = Set<UInt64>(), seenSave = Set<UInt64>()
        for e in world.engagement {
            let key = UInt64(UInt32(bitPattern: e.user)) << 32 | UInt64(UInt32(bitPattern: e.post))
            let row = (user: users.ids[Int(e.user)], post: posts.ids[Int(e.post)], at: Date(timeIntervalSince1970: Double(e.unixMillis) / 1000))
            if e.kind == .like, seenLike.insert(key).inserted { likes.append(row) }
            if e.kind == .save, seenSave.insert(key).inserted { saves.append(row) }
            if e.kind == .share { shares.append(row) }       // the feed ranker counts shares per reader and author
        }
        for start in stride(from: 0, to: likes.count, by: batch * 5) {
            try await store.importLikes(Array(likes[start..<min(start + batch * 5, likes.count)]))
            progress(0.8 + 0.15 * Double(start) / Double(max(likes.count, 1)), "likes")
        }
        endPhase("likes")
        try await store.importSaves(saves)
        try await store.importShares(shares)
        try await store.importComments(world.comments())
        endPhase("saves, shares, comments")
        try await loadRelationships(progress: progress)
        progress(1, "comments, messages, visits")
        endPhase("messages, profile visits")
        return phases
    }

    /// `transform(i)` for every `i` in `range`, computed on `threads` threads, returned in `range` order.
    /// Blocks the calling thread until done.
    static func parallelMap<T>(_ range: Range<Int>, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                               _ transform: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return initialized = 0 }
            ParallelRange.run(count: range.count, threads: threads) { k in
                (base + k).initialize(to: transform(range.lowerBound + k))
            }
            initialized = range.count
        }
    }
}
