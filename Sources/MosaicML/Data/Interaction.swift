/// What a user did to an item. Engagement kinds are the multi-task ranker's heads; `rating` carries explicit
/// feedback (MovieLens), `impression` a served-but-not-engaged item (the rankers' negatives).
public enum EventKind: UInt8, Sendable, CaseIterable, Codable {
    case impression, view, like, comment, save, share, follow, hide, rating

    public init?(name: String) {
        switch name.lowercased() {
        case "impression", "impress", "seen": self = .impression
        case "view", "dwell", "click": self = .view
        case "like": self = .like
        case "comment": self = .comment
        case "save": self = .save
        case "share": self = .share
        case "follow": self = .follow
        case "hide", "report", "not_interested": self = .hide
        case "rating", "rate": self = .rating
        default: return nil
        }
    }
}

/// One logged event, with dense user and item indices into an `InteractionDataset`.
public struct Interaction: Sendable, Hashable {
    public var user: Int32
    public var item: Int32
    /// Seconds since 1970.
    public var timestamp: Int64
    public var kind: EventKind
    /// Rating for explicit feedback, 1 for an engagement, 0 for an impression without one.
    public var label: Float
    /// Seconds spent on the item, when known.
    public var dwell: Float?

    public init(user: Int32, item: Int32, timestamp: Int64, kind: EventKind, label: Float, dwell: Float? = nil) {
        self.user = user
        self.item = item
        self.timestamp = timestamp
        self.kind = kind
        self.label = label
        self.dwell = dwell
    }
}

/// What is known about an item from the moment it exists: the content features that let the item tower
/// embed a post that nobody has engaged with yet.
public struct ItemFeatures: Sendable, Hashable {
    /// Category names (MovieLens genres; a post's interest category). Mapped to indices by the dataset.
    public var categories: [String]
    /// Caption, title and hashtag tokens (lower-cased words, `#tags`); hashed into buckets by the model.
    public var tokens: [String]
    /// A dense content vector such as the media's visual descriptor; its length is the dataset's
    /// `contentDimension` (empty or zero-filled when absent).
    public var content: [Float]
    /// The creator's ID, if items have creators.
    public var creator: String?
    /// Numeric creator features (e.g. log followers, posting rate), same length for every item.
    public var creatorFeatures: [Float]
    /// When the item was created (seconds since 1970), for age features.
    public var createdAt: Int64?

    public init(categories: [String] = [], tokens: [String] = [], content: [Float] = [], creator: String? = nil,
                creatorFeatures: [Float] = [], createdAt: Int64? = nil) {
        self.categories = categories
        self.tokens = tokens
        self.content = content
        self.creator = creator
        self.creatorFeatures = creatorFeatures
        self.createdAt = createdAt
    }
}

/// What is known about a user besides their history.
public struct UserFeatures: Sendable, Hashable {
    public var region: String?
    public var device: String?
    /// Any other categorical attributes as `name:value` strings (`age:25-34`, `occupation:writer`).
    public var attributes: [String]

    public init(region: String? = nil, device: String? = nil, attributes: [String] = []) {
        self.region = region
        self.device = device
        self.attributes = attributes
    }

    /// All categorical values as tokens, for hashing.
    var tokens: [String] {
        var t = attributes
        if let region { t.append("region:\(region)") }
        if let device { t.append("device:\(device)") }
        return t
    }
}

/// An event as an outside producer (the world generator, a CSV file, the event log) describes it, with
/// external string IDs. `InteractionDataset.init(events:items:users:contentDimension:)` indexes them.
public struct RawEvent: Sendable, Hashable {
    public var user: String
    public var item: String
    public var timestamp: Int64
    public var kind: EventKind
    public var label: Float
    public var dwell: Float?

    public init(user: String, item: String, timestamp: Int64, kind: EventKind, label: Float = 1, dwell: Float? = nil) {
        self.user = user
        self.item = item
        self.timestamp = timestamp
        self.kind = kind
        self.label = label
        self.dwell = dwell
    }
}
