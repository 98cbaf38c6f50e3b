/// What a reader did with a post they were shown (the engagement log's vocabulary, as the ranker needs it).
public enum FeedEventKind: UInt8, Sendable {
    case impression, like, comment, save, share, hide
}

/// One logged event. Impressions carry dwell time; actions follow the impression they belong to.
public struct FeedLogEvent: Sendable, Equatable {
    public var unixMillis: Int64
    public var user: Int32
    public var post: Int32
    public var dwellMs: Int32
    public var kind: FeedEventKind
    /// The impression was in the home feed (a followed author), not Explore.
    public var inFeed: Bool
    public init(unixMillis: Int64, user: Int32, post: Int32, dwellMs: Int32, kind: FeedEventKind, inFeed: Bool) {
        self.unixMillis = unixMillis; self.user = user; self.post = post; self.dwellMs = dwellMs
        self.kind = kind; self.inFeed = inFeed
    }
}

/// A message between two users or a profile visit (`user` visited `target`), as relationship signals.
public struct FeedRelationEvent: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case message, profileVisit }
    public var unixMillis: Int64
    public var user: Int32
    public var target: Int32
    public var kind: Kind
    public init(unixMillis: Int64, user: Int32, target: Int32, kind: Kind) {
        self.unixMillis = unixMillis; self.user = user; self.target = target; self.kind = kind
    }
}

/// An engagement log with the little the ranker needs about users and posts, indexed densely (users
/// 0..<n, posts 0..<m). The world generator's log converts to this in a few lines; so would an export of
/// the production event log.
public struct FeedTrainingLog: Sendable {
    public var postAuthors: [Int32]
    public var postCategories: [UInt8]
    public var postCreatedAtMillis: [Int64]
    public var authorFollowers: [Int32]
    public var authorVerified: [Bool]
    /// Sorted by time.
    public var events: [FeedLogEvent]
    public var categoryCount: Int
    /// Messages and profile visits, sorted by time.
    public var relations: [FeedRelationEvent]

    public init(postAuthors: [Int32], postCategories: [UInt8], postCreatedAtMillis: [Int64], authorFollowers: [Int32],
                authorVerified: [Bool], events: [FeedLogEvent], categoryCount: Int, relations: [FeedRelationEvent] = []) {
        self.postAuthors = postAuthors; self.postCategories = postCategories; self.postCreatedAtMillis = postCreatedAtMillis
        self.authorFollowers = authorFollowers; self.authorVerified = authorVerified; self.events = events
        self.categoryCount = categoryCount; self.relations = relations
    }

    public var userCount: Int { authorFollowers.count }
}
