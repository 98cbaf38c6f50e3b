@testable import MosaicML

/// A tiny planted-preference world for tests: items belong to one of `groups` categories (with a caption
/// token naming it), users prefer one group and engage with its items far more often. A model that learns
/// anything must beat popularity here.
enum SyntheticWorld {
    static func make(users: Int, items: Int, perUser: Int, groups: Int = 4, seed: UInt64) -> InteractionDataset {
        var r = TrainingRandom(seed: seed)
        var itemFeatures: [String: ItemFeatures] = [:]
        for i in 0..<items {
            let g = i % groups
            itemFeatures["i\(i)"] = ItemFeatures(categories: ["c\(g)"], tokens: ["topic\(g)", "w\(i % 7)"],
                                                 content: [Float(g == 0 ? 1 : 0), Float(g == 1 ? 1 : 0)],
                                                 creator: "a\(i % 5)", creatorFeatures: [Float(i % 3)], createdAt: 0)
        }
        var userFeatures: [String: UserFeatures] = [:]
        var events: [RawEvent] = []
        for u in 0..<users {
            let g = u % groups
            userFeatures["u\(u)"] = UserFeatures(region: "r\(g % 2)", device: "d", attributes: ["age:\(u % 3)"])
            var chosen = Set<Int>()
            var t: Int64 = 0
            while chosen.count < perUser {
                // 85 % from the preferred group, else anything (skewed toward low ids: a popularity signal).
                let i = r.unit() < 0.85
                    ? g + groups * r.below(items / groups)
                    : min(r.below(items), r.below(items))
                if chosen.insert(i).inserted {
                    t += 60
                    events.append(RawEvent(user: "u\(u)", item: "i\(i)", timestamp: t, kind: .like, label: 1))
                }
            }
        }
        return InteractionDataset(events: events, items: itemFeatures, users: userFeatures, contentDimension: 2)
    }
}
