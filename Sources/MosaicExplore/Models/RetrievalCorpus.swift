import Foundation
import MosaicCore
import MosaicML
import MosaicStore

/// The service's own data as the two-tower model's training set: every like, save, comment and share is a
/// positive; a post's item features are what exists the moment it is published (category, caption and
/// hashtag tokens, the image's visual descriptor, its creator), so the same code that builds training rows
/// builds the vector of a brand-new post at serving time.
public enum RetrievalCorpus {
    public typealias Store = AccountStore & PostStore & TrainingExportStore

    /// String keys the model's ID tables use.
    public static func key(_ id: MosaicID) -> String { String(id.rawValue) }

    /// Creator features: log followers (the only creator statistic known for every post, old or new).
    public static func creatorFeatures(followers: Int) -> [Float] { [Float(log1p(Double(max(followers, 0))))] }

    public static func itemFeatures(_ post: Post, authorFollowers: Int, descriptor: [Float]) -> ItemFeatures {
        var tokens = post.hashtags.map { "#\($0.lowercased())" }
        tokens += post.caption.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(40).map(String.init)
        return ItemFeatures(categories: post.category.isEmpty ? [] : [post.category], tokens: tokens, content: descriptor,
                            creator: key(post.authorID), creatorFeatures: creatorFeatures(followers: authorFollowers),
                            createdAt: Int64(post.createdAt.timeIntervalSince1970))
    }

    public static func userFeatures(_ user: User) -> UserFeatures {
        UserFeatures(region: user.region.isEmpty ? nil : user.region)
    }

    /// Reads up to `maxEvents` engagements since `since` and the features of the posts and users they touch.
    /// Posts with no engagement in the window are not needed: the item tower generalises to them by content.
    public static func load(from store: any Store, since: Date, maxEvents: Int = 5_000_000) async throws -> InteractionDataset {
        let log = try await store.engagementLog(since: since, limit: maxEvents)
        var postIDs: [PostID] = [], seenPosts = Set<PostID>()
        var userIDs: [UserID] = [], seenUsers = Set<UserID>()
        for e in log {
            if seenPosts.insert(e.post).inserted { postIDs.append(e.post) }
            if seenUsers.insert(e.user).inserted { userIDs.append(e.user) }
        }
        var posts: [PostID: Post] = [:], descriptors: [PostID: [Float]] = [:]
        for start in stride(from: 0, to: postIDs.count, by: 5_000) {
            let part = Array(postIDs[start..<min(start + 5_000, postIDs.count)])
            posts.merge(try await store.posts(ids: part)) { a, _ in a }
            descriptors.merge(try await store.firstMediaDescriptors(posts: part)) { a, _ in a }
        }
        var users: [UserID: User] = [:]
        let everyone = Array(Set(userIDs).union(posts.values.map(\.authorID)))
        for start in stride(from: 0, to: everyone.count, by: 5_000) {
            users.merge(try await store.users(ids: Array(everyone[start..<min(start + 5_000, everyone.count)]))) { a, _ in a }
        }
        return dataset(log: log, posts: posts, users: users, descriptors: descriptors)
    }

    /// Pure assembly (tested without a store). Events on deleted or unknown posts are dropped.
    public static func dataset(log: [EngagementRow], posts: [PostID: Post], users: [UserID: User],
                               descriptors: [PostID: [Float]]) -> InteractionDataset {
        var events: [RawEvent] = []
        events.reserveCapacity(log.count)
        for e in log {
            guard let p = posts[e.post], p.deletedAt == nil else { continue }
            events.append(RawEvent(user: key(e.user), item: key(e.post), timestamp: Int64(e.at.timeIntervalSince1970),
                                   kind: kind(e.kind)))
        }
        var items: [String: ItemFeatures] = [:]
        for (id, p) in posts where p.deletedAt == nil {
            items[key(id)] = itemFeatures(p, authorFollowers: users[p.authorID]?.followerCount ?? 0,
                                          descriptor: descriptors[id] ?? [])
        }
        var userFeatures: [String: UserFeatures] = [:]
        for e in log { if let u = users[e.user] { userFeatures[key(e.user)] = Self.userFeatures(u) } }
        let dimension = descriptors.values.map(\.count).max() ?? 0
        return InteractionDataset(events: events, items: items, users: userFeatures, contentDimension: dimension)
    }

    static func kind(_ k: EngagementRow.Kind) -> EventKind {
        switch k {
        case .like: .like
        case .save: .save
        case .comment: .comment
        case .share: .share
        }
    }
}
