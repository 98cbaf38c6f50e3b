/// An item as the item tower reads it: everything known at creation plus live engagement counters.
public struct ItemTowerInput: Sendable {
    /// The item's row in the model's ID table when it was in training; nil for a new post.
    public var index: Int?
    public var features: ItemFeatures
    /// Engagements so far, and within the velocity window.
    public var engagements: Int
    public var recentEngagements: Int

    public init(index: Int?, features: ItemFeatures, engagements: Int = 0, recentEngagements: Int = 0) {
        self.index = index
        self.features = features
        self.engagements = engagements
        self.recentEngagements = recentEngagements
    }
}

/// A user at request time: identity, long-term history, the current session and side features.
public struct UserTowerInput: Sendable {
    /// The user's row in the model's ID table when they were in training; nil for a new user.
    public var index: Int?
    /// Engaged items (model item indices), oldest first; the most recent `historyLimit` are used.
    public var history: [Int]
    /// The last actions of this session (model item indices), oldest first.
    public var session: [Int]
    /// Category histogram source: categories of engaged items are counted by the model.
    public var features: UserFeatures
    /// Local hour of the request, 0–23.
    public var hour: Int?

    public init(index: Int?, history: [Int], session: [Int] = [], features: UserFeatures = UserFeatures(),
                hour: Int? = nil) {
        self.index = index
        self.history = history
        self.session = session
        self.features = features
        self.hour = hour
    }
}

/// Encoded inputs for a batch of one tower: the bags for each table and the dense block.
struct TowerBatch {
    var id = EmbeddingBags()
    var primary = EmbeddingBags()     // item: caption tokens · user: history
    var secondary = EmbeddingBags()   // item: creator      · user: session
    var tertiary = EmbeddingBags()    // item: unused       · user: attribute tokens
    var dense: [Float] = []
    var count: Int { id.count }
}
