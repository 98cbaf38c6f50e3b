/// Users, items, their side features and the event log between them, with dense indices so that models
/// address embedding rows directly. This is the one adapter every data source goes through: MovieLens,
/// plain CSV files and the synthetic world all end in `init(events:items:users:contentDimension:)`.
public struct InteractionDataset: Sendable {
    public private(set) var userIDs: [String]
    public private(set) var itemIDs: [String]
    public private(set) var users: [UserFeatures]
    public private(set) var items: [ItemFeatures]
    /// Category vocabulary, in first-seen order; `itemCategories[i]` indexes into it.
    public private(set) var categories: [String]
    public private(set) var itemCategories: [[Int]]
    public var interactions: [Interaction]
    /// Length of every item's content vector.
    public let contentDimension: Int
    /// Length of every item's creator feature vector.
    public let creatorFeatureCount: Int

    /// Indexes events and features. Items or users that appear only in `items`/`users` (no events yet)
    /// are kept: they are the cold items the content features are for. Content vectors are padded or
    /// truncated to `contentDimension`.
    public init(events: [RawEvent], items itemFeatures: [String: ItemFeatures] = [:],
                users userFeatures: [String: UserFeatures] = [:], contentDimension: Int = 0) {
        var userIndex: [String: Int32] = [:], itemIndex: [String: Int32] = [:]
        var userIDs: [String] = [], itemIDs: [String] = []
        func user(_ id: String) -> Int32 {
            if let i = userIndex[id] { return i }
            let i = Int32(userIDs.count); userIndex[id] = i; userIDs.append(id); return i
        }
        func item(_ id: String) -> Int32 {
            if let i = itemIndex[id] { return i }
            let i = Int32(itemIDs.count); itemIndex[id] = i; itemIDs.append(id); return i
        }
        var log: [Interaction] = []
        log.reserveCapacity(events.count)
        for e in events {
            log.append(Interaction(user: user(e.user), item: item(e.item), timestamp: e.timestamp, kind: e.kind,
                                   label: e.label, dwell: e.dwell))
        }
        for id in itemFeatures.keys.sorted() { _ = item(id) }
        for id in userFeatures.keys.sorted() { _ = user(id) }
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.interactions = log
        self.contentDimension = contentDimension
        self.creatorFeatureCount = itemFeatures.values.map(\.creatorFeatures.count).max() ?? 0
        self.users = userIDs.map { userFeatures[$0] ?? UserFeatures() }
        var categoryIndex: [String: Int] = [:], categories: [String] = []
        var itemCategories: [[Int]] = []
        var itemsOut: [ItemFeatures] = []
        itemsOut.reserveCapacity(itemIDs.count)
        for id in itemIDs {
            var f = itemFeatures[id] ?? ItemFeatures()
            if f.content.count != contentDimension {
                f.content = Array(f.content.prefix(contentDimension))
                    + [Float](repeating: 0, count: max(0, contentDimension - f.content.count))
            }
            if f.creatorFeatures.count != creatorFeatureCount {
                f.creatorFeatures += [Float](repeating: 0, count: creatorFeatureCount - f.creatorFeatures.count)
            }
            itemCategories.append(f.categories.map { c in
                if let i = categoryIndex[c] { return i }
                categoryIndex[c] = categories.count; categories.append(c); return categories.count - 1
            })
            itemsOut.append(f)
        }
        self.items = itemsOut
        self.categories = categories
        self.itemCategories = itemCategories
    }

    public var userCount: Int { userIDs.count }
    public var itemCount: Int { itemIDs.count }

    /// Same users, items and features with a different event log (train/test halves of a split).
    public func with(interactions: [Interaction]) -> InteractionDataset {
        var copy = self
        copy.interactions = interactions
        return copy
    }

    /// Engagements only: events whose kind is an engagement and whose label reaches `minimumLabel`
    /// (ratings ≥ 4 for MovieLens's chronological protocol, any rating for the Recommenders one).
    public func positives(minimumLabel: Float) -> [Interaction] {
        interactions.filter { $0.kind != .impression && $0.kind != .hide && $0.label >= minimumLabel }
    }
}
