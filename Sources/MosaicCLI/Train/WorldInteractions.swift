import Foundation
import MosaicML
import MosaicWorld

/// A generated world's engagement log as an evaluation dataset (`mosaic eval --world-users N`): the second
/// dataset beside MovieLens, with what MovieLens lacks — posts created during the log (so the chronological
/// split has genuinely new items, judged by their content features alone), creators and captions.
/// Likes, comments, saves and shares are engagement; each (user, post) pair is kept once, at its first
/// action, with its strongest kind (share > save > comment > like) so the ranker's heads have labels.
/// Impressions and hides are not positives and are left out.
enum WorldInteractions {
    static func dataset(_ world: World) -> InteractionDataset {
        let strength: [EngagementKind: Int] = [.like: 1, .comment: 2, .save: 3, .share: 4]
        let kinds: [EngagementKind: EventKind] = [.like: .like, .comment: .comment, .save: .save, .share: .share]
        var first: [Int64: (at: Int64, kind: EngagementKind)] = [:]
        for e in world.engagement {
            guard let s = strength[e.kind] else { continue }
            let key = Int64(e.user) << 32 | Int64(e.post)
            if let f = first[key] {
                if s > strength[f.kind]! { first[key] = (f.at, e.kind) }
            } else {
                first[key] = (e.unixMillis, e.kind)
            }
        }
        let events = first.keys.sorted().map { key in
            let f = first[key]!
            return RawEvent(user: "u\(key >> 32)", item: "p\(key & 0xFFFF_FFFF)", timestamp: f.at / 1000,
                            kind: kinds[f.kind]!, label: 1)
        }
        var items: [String: ItemFeatures] = [:]
        for i in 0..<world.posts.count {
            let post = world.post(at: i)
            let author = Int(world.posts.authors[i])
            let words = post.caption.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            items["p\(i)"] = ItemFeatures(
                categories: [world.posts.categoryName(of: i)], tokens: words + post.hashtags.map { "#" + $0.lowercased() },
                creator: "u\(author)",
                creatorFeatures: [logf(1 + Float(world.graph.followerCount(of: author))),
                                  world.users.isCelebrity[author] ? 1 : 0],
                createdAt: world.posts.createdAtMillis[i] / 1000)
        }
        var users: [String: UserFeatures] = [:]
        for u in 0..<world.users.count {
            users["u\(u)"] = UserFeatures(region: world.users.regionCode(of: u),
                                          device: Gazetteer.devices[Int(world.users.devices[u])])
        }
        return InteractionDataset(events: events, items: items, users: users)
    }
}
