import Foundation
import MosaicCore

/// One post waiting to be pushed into its author's followers' timelines. `cursor` is the follow edge
/// (`edge_id`) of the last follower already written, so a worker that dies resumes after it.
public struct FanOutJob: Sendable, Equatable {
    public var postID: PostID
    public var authorID: UserID
    public var cursor: Int64
    public init(postID: PostID, authorID: UserID, cursor: Int64 = 0) {
        self.postID = postID; self.authorID = authorID; self.cursor = cursor
    }
}

/// A post in a timeline, with its author so unfollow and block can drop entries without loading posts.
public struct TimelineEntry: Sendable, Hashable {
    public var postID: PostID
    public var authorID: UserID
    public init(postID: PostID, authorID: UserID) { self.postID = postID; self.authorID = authorID }
}

/// What the feed remembers about a reader: when they last read (a reader away longer than the inactivity
/// window was skipped by fan-out and is rebuilt by pull) and whether they were a pull-only reader.
public struct FeedReaderState: Sendable, Equatable {
    public var lastReadAt: Date
    public var pullOnly: Bool
    public init(lastReadAt: Date, pullOnly: Bool) { self.lastReadAt = lastReadAt; self.pullOnly = pullOnly }
}

/// How much a reader engaged with one author's posts in one category (the ranker's relationship and
/// interest signals).
public struct EngagementTally: Sendable, Equatable {
    public var author: UserID
    public var category: String
    public var likes: Int
    public var comments: Int
    public var saves: Int
    public var shares: Int
    public init(author: UserID, category: String, likes: Int = 0, comments: Int = 0, saves: Int = 0, shares: Int = 0) {
        self.author = author; self.category = category; self.likes = likes; self.comments = comments
        self.saves = saves; self.shares = shares
    }
}

/// The relationship signals besides engagement between a reader and one other account: messages exchanged
/// in their one-to-one thread (both directions) and the reader's visits to that account's profile.
public struct RelationshipCount: Sendable, Equatable {
    public var messages: Int
    public var profileVisits: Int
    public init(messages: Int = 0, profileVisits: Int = 0) { self.messages = messages; self.profileVisits = profileVisits }
}

/// Durable side of the home feed: the fan-out job queue and the persisted timelines the in-process cache
/// is loaded from. Timeline writes are idempotent (one row per user and post), which is what makes the
/// at-least-once queue exact: a batch replayed after a crash changes nothing.
public protocol FeedStore: Sendable {
    /// Persists a job; a second enqueue of the same post is ignored.
    func enqueueFanOut(_ job: FanOutJob) async throws
    /// Unfinished jobs, oldest post first.
    func pendingFanOuts(limit: Int) async throws -> [FanOutJob]
    /// The next followers of `author` after follow edge `cursor` that get a push: active at or after
    /// `activeSince` and following at most `maxFollowing` accounts. `cursor` is the edge of the last row
    /// returned; fewer than `limit` rows means the follower list is exhausted.
    func fanOutTargets(author: UserID, after cursor: Int64, activeSince: Date, maxFollowing: Int,
                       limit: Int) async throws -> (followers: [UserID], cursor: Int64)
    /// In one transaction: inserts the post into `followers`' timelines (ignoring rows already there) and
    /// moves the job's cursor, or removes the job when `finished`.
    func applyFanOut(_ job: FanOutJob, followers: [UserID], cursor: Int64, finished: Bool) async throws
    /// A user's timeline, newest first.
    func timeline(user: UserID, limit: Int) async throws -> [TimelineEntry]
    /// Adds entries to a user's timeline (follow backfill, rebuild after inactivity); idempotent.
    func insertTimeline(user: UserID, entries: [TimelineEntry]) async throws
    /// Drops all but the newest `keep` entries of a user's timeline.
    func trimTimeline(user: UserID, keep: Int) async throws
    /// Drops a deleted post from its author's followers' timelines.
    func removeFromTimelines(post: PostID, author: UserID) async throws
    /// Drops `author`'s posts from `user`'s timeline (unfollow, block).
    func removeFromTimeline(user: UserID, author: UserID) async throws
    func readerState(user: UserID) async throws -> FeedReaderState?
    func setReaderState(user: UserID, _ state: FeedReaderState) async throws
    /// The reader's likes, comments, saves and shares since `since`, tallied by the engaged post's author
    /// and category.
    func engagementTallies(viewer: UserID, since: Date) async throws -> [EngagementTally]
    /// Messages exchanged since `since` in the reader's one-to-one threads and the reader's profile visits
    /// (all time: visits are a counter), per other account.
    func relationshipCounts(viewer: UserID, since: Date) async throws -> [UserID: RelationshipCount]
    /// The newest `perAuthor` live posts of each author, newest first, as timeline entries (an index-only read:
    /// what the feed's pull side needs before it hydrates the few posts it serves).
    func recentEntries(authors: [UserID], perAuthor: Int) async throws -> [UserID: [TimelineEntry]]
    /// Accounts with at least `minFollowers` followers: the authors whose posts are pulled at read time.
    func accounts(minFollowers: Int) async throws -> [UserID]
}
