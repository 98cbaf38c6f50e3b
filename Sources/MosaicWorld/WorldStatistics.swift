import Foundation

/// The numbers that say whether a world looks like a real community: degree tails, celebrity reach, post
/// concentration, engagement rates. Printed by `mosaic bench world` and checked by the tests.
public struct WorldStatistics: Sendable {
    public var users: Int
    public var edges: Int
    public var privateUsers: Int
    public var celebrities: Int
    public var maxFollowers: Int
    public var medianFollowers: Int
    public var p99Followers: Int
    public var meanFollowing: Double
    public var maxFollowing: Int
    public var usersWith10KFollowers: Int
    public var posts: Int
    public var impressions: Int
    public var events: Int
    /// Actions per impression.
    public var likeRate: Double, commentRate: Double, saveRate: Double, shareRate: Double, hideRate: Double
    /// Share of all likes that went to the top 10 % and top 1 % of posts (by likes).
    public var top10PercentLikeShare: Double
    public var top1PercentLikeShare: Double

    public init(world: World) {
        let g = world.graph, n = world.users.count
        var inDegrees = (0..<n).map { g.followerCount(of: $0) }
        users = n
        edges = g.edgeCount
        privateUsers = world.users.isPrivate.reduce(0) { $0 + ($1 ? 1 : 0) }
        celebrities = world.users.celebrities.count
        usersWith10KFollowers = inDegrees.reduce(0) { $0 + ($1 >= 10_000 ? 1 : 0) }
        inDegrees.sort()
        maxFollowers = inDegrees.last ?? 0
        medianFollowers = inDegrees[n / 2]
        p99Followers = inDegrees[min(n - 1, n * 99 / 100)]
        meanFollowing = Double(g.edgeCount) / Double(n)
        maxFollowing = (0..<n).reduce(0) { max($0, g.followingCount(of: $1)) }
        posts = world.posts.count
        events = world.engagement.count
        var counts = [Int](repeating: 0, count: EngagementKind.allCases.count)
        for e in world.engagement { counts[Int(e.kind.rawValue)] += 1 }
        impressions = counts[Int(EngagementKind.impression.rawValue)]
        let imp = Double(max(1, impressions))
        likeRate = Double(counts[Int(EngagementKind.like.rawValue)]) / imp
        commentRate = Double(counts[Int(EngagementKind.comment.rawValue)]) / imp
        saveRate = Double(counts[Int(EngagementKind.save.rawValue)]) / imp
        shareRate = Double(counts[Int(EngagementKind.share.rawValue)]) / imp
        hideRate = Double(counts[Int(EngagementKind.hide.rawValue)]) / imp
        let likes = world.likeCounts.map(Int.init).sorted(by: >)
        let total = Double(max(1, likes.reduce(0, +)))
        top10PercentLikeShare = Double(likes.prefix(max(1, likes.count / 10)).reduce(0, +)) / total
        top1PercentLikeShare = Double(likes.prefix(max(1, likes.count / 100)).reduce(0, +)) / total
    }

    /// A two-column table, one line per figure.
    public var table: String {
        func pct(_ x: Double) -> String { String(Double(Int(x * 10_000)) / 100) + " %" }
        let rows: [(String, String)] = [
            ("users", "\(users)"), ("follow edges", "\(edges)"), ("private users", "\(privateUsers)"),
            ("celebrities", "\(celebrities)"), ("users with ≥ 10 K followers", "\(usersWith10KFollowers)"),
            ("followers max / p99 / median", "\(maxFollowers) / \(p99Followers) / \(medianFollowers)"),
            ("following mean / max", "\(Double(Int(meanFollowing * 10)) / 10) / \(maxFollowing)"),
            ("posts", "\(posts)"), ("impressions", "\(impressions)"), ("engagement events", "\(events)"),
            ("like / comment / save / share / hide rate",
             "\(pct(likeRate)) / \(pct(commentRate)) / \(pct(saveRate)) / \(pct(shareRate)) / \(pct(hideRate))"),
            ("likes to top 10 % / top 1 % of posts", "\(pct(top10PercentLikeShare)) / \(pct(top1PercentLikeShare))"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
            .joined(separator: "\n")
    }
}
