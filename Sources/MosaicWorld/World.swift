import Foundation
import MosaicCore

/// A generated community. Everything is indexed: users 0..<users.count (signup order), posts 0..<posts.count
/// (time order), engagement sorted by time. The `user(at:)`, `post(at:)` and `comments()` views turn indices
/// into MosaicCore values for the store.
public struct World: Sendable {
    public let config: WorldConfig
    public let users: WorldUsers
    public let graph: FollowGraph
    public let posts: WorldPosts
    /// Sorted by time; ties in generation order (by user, then as drawn).
    public let engagement: [EngagementRecord]
    /// Per post: how many likes, comments, saves and shares the simulation produced.
    public let likeCounts: [Int32]
    public let commentCounts: [Int32]
    public let saveCounts: [Int32]
    public let shareCounts: [Int32]
    /// Per post: how many times it was shown and hidden.
    public let impressionCounts: [Int32]
    public let hideCounts: [Int32]

    init(config: WorldConfig, users: WorldUsers, graph: FollowGraph, posts: WorldPosts, engagement: [EngagementRecord]) {
        self.config = config; self.users = users; self.graph = graph; self.posts = posts; self.engagement = engagement
        var likes = [Int32](repeating: 0, count: posts.count), comments = likes, saves = likes, shares = likes
        var impressions = likes, hides = likes
        for e in engagement {
            let p = Int(e.post)
            switch e.kind {
            case .like: likes[p] += 1
            case .comment: comments[p] += 1
            case .save: saves[p] += 1
            case .share: shares[p] += 1
            case .impression: impressions[p] += 1
            case .hide: hides[p] += 1
            }
        }
        likeCounts = likes; commentCounts = comments; saveCounts = saves; shareCounts = shares
        impressionCounts = impressions; hideCounts = hides
    }

    /// The user as MosaicCore stores it, counters included.
    public func user(at i: Int) -> User {
        User(id: users.ids[i], username: users.usernames[i], fullName: users.fullNames[i], bio: bio(ofUser: i),
             email: nil, isPrivate: users.isPrivate[i], isVerified: users.isCelebrity[i],
             followerCount: graph.followerCount(of: i), followingCount: graph.followingCount(of: i),
             postCount: posts.authorOffsets[i + 1] - posts.authorOffsets[i], region: users.regionCode(of: i),
             createdAt: Self.date(users.createdAtMillis[i]), lastActiveAt: Self.date(users.lastActiveAtMillis[i]))
    }

    /// The post as MosaicCore stores it, without media (the demo attaches the rendered image's media).
    public func post(at i: Int) -> Post {
        let text = PostText.make(post: i, world: self)
        return Post(id: posts.ids[i], authorID: users.ids[Int(posts.authors[i])], caption: text.caption,
                    hashtags: text.hashtags, mentions: [], location: posts.location(of: i), taggedUserIDs: [],
                    media: [], likeCount: Int(likeCounts[i]), commentCount: Int(commentCounts[i]),
                    saveCount: Int(saveCounts[i]), shareCount: Int(shareCounts[i]),
                    impressionCount: Int(impressionCounts[i]), hideCount: Int(hideCounts[i]), category: posts.categoryName(of: i), createdAt: Self.date(posts.createdAtMillis[i]))
    }

    /// Every simulated comment as a MosaicCore `Comment`, in time order, with IDs minted on the post's shard
    /// (comments live with their post) at the comment's time.
    public func comments() -> [Comment] {
        var minter = HistoricalIDMinter()
        var out: [Comment] = []
        for (index, e) in engagement.enumerated() where e.kind == .comment {
            let p = Int(e.post)
            let (id, ms) = minter.mint(unixMillis: e.unixMillis, shard: posts.ids[p].shard)
            out.append(Comment(id: id, postID: posts.ids[p], authorID: users.ids[Int(e.user)], parentID: nil,
                               text: PostText.comment(record: index, world: self), createdAt: Self.date(ms)))
        }
        // Minting is in time order; IDs of one millisecond still order by shard, so sort to make index = ID order.
        out.sort { $0.id < $1.id }
        return out
    }

    /// A bio in the user's own interests and region ("ramen hunter · trail runner · Lisbon 🍜").
    public func bio(ofUser i: Int) -> String { PostText.bio(user: i, world: self) }

    /// The procedural image of post `i`: palette and texture from its category, details from its own noise.
    public func image(ofPost i: Int) -> ProceduralImage {
        ProceduralImage(category: Int(posts.categories[i]), seed: WorldHash.mix(config.seed ^ 0x494D_4147, UInt64(i)))
    }

    /// When `follower` started following `followee` (an edge of `graph`).
    public func followedAt(follower: Int, followee: Int) -> Date {
        Self.date(graph.followedAtMillis(follower: follower, followee: followee, users: users,
                                         endUnixMillis: config.endUnixMillis))
    }

    /// The latent truth a ranker tries to recover: the viewer's interest in the post's category divided by the
    /// viewer's strongest interest (0...1). Offline evaluation may use it as an oracle; training must not.
    public func affinity(user: Int, post: Int) -> Double {
        let row = users.interestVector(of: user)
        let strongest = row.max() ?? 1
        return Double(users.interests[user * WorldUsers.categoryCount + Int(posts.categories[post])] / strongest)
    }

    /// Where to cut the time-sorted engagement log so that about `trainFraction` of it comes first: the index
    /// of the first held-out record and its time. Records at the same millisecond stay on one side.
    public func engagementSplit(trainFraction: Double) -> (index: Int, unixMillis: Int64) {
        guard !engagement.isEmpty else { return (0, config.endUnixMillis) }
        var i = min(engagement.count - 1, max(0, Int(Double(engagement.count) * trainFraction)))
        let t = engagement[i].unixMillis
        while i > 0 && engagement[i - 1].unixMillis == t { i -= 1 }
        return (i, t)
    }

    static func date(_ unixMillis: Int64) -> Date { Date(timeIntervalSince1970: Double(unixMillis) / 1000) }
}
