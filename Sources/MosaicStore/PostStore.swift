import Foundation
import MosaicCore

/// A post as the create flow hands it over: media IDs still to be claimed, text already parsed.
public struct NewPost: Sendable {
    public var id: PostID
    public var authorID: UserID
    public var caption: String
    public var hashtags: [String]
    public var mentions: [String]
    public var location: Location?
    public var taggedUserIDs: [UserID]
    public var mediaIDs: [MediaID]
    public var altTexts: [String]
    public var category: String
    /// Where Explore may recommend the post (`Post.regions`); empty: everywhere.
    public var regions: [String]
    public var createdAt: Date
    public init(id: PostID, authorID: UserID, caption: String, hashtags: [String], mentions: [String],
                location: Location?, taggedUserIDs: [UserID], mediaIDs: [MediaID], altTexts: [String],
                category: String, regions: [String] = [], createdAt: Date) {
        self.id = id; self.authorID = authorID; self.caption = caption; self.hashtags = hashtags
        self.mentions = mentions; self.location = location; self.taggedUserIDs = taggedUserIDs
        self.mediaIDs = mediaIDs; self.altTexts = altTexts; self.category = category; self.regions = regions
        self.createdAt = createdAt
    }
}

/// Media records and posts.
public protocol PostStore: Sendable {
    func createMedia(_ media: MediaRecord) async throws
    func media(id: MediaID) async throws -> MediaRecord?
    /// Unused media whose `expiresAt` is before `now`, oldest first.
    func expiredMedia(now: Date, limit: Int) async throws -> [MediaRecord]
    func deleteMedia(ids: [MediaID]) async throws

    /// Creates the post and claims its media in one transaction. Throws 400 `invalid_media_id` when a media
    /// ID is unknown, not the author's, expired at `createdAt`, or already used.
    func createPost(_ post: NewPost) async throws -> Post
    /// A live (not deleted) post.
    func post(id: PostID) async throws -> Post?
    func posts(ids: [PostID]) async throws -> [PostID: Post]
    /// An author's live posts, newest first.
    func posts(author: UserID, page: PageRequest) async throws -> Page<Post>
    /// Live posts carrying `tag`, newest first.
    func posts(tag: String, page: PageRequest) async throws -> Page<Post>
    /// Live posts by any of `authors` with ID below `before` (newest first): the pull side of the feed.
    func recentPosts(authors: [UserID], before: PostID?, limit: Int) async throws -> [Post]
    /// Live posts created at or after `since`, newest first (Explore's hot and popular pools).
    func recentPosts(since: Date, limit: Int) async throws -> [Post]
    /// Soft delete by the author. False if there was no such live post of that author.
    func deletePost(id: PostID, author: UserID, at: Date) async throws -> Bool
    /// How many posts an author created since `since` (the 25-a-day quota counts deleted ones too).
    func postCount(author: UserID, since: Date) async throws -> Int

    /// Adds impressions and hides counted from the event log to their posts (unknown posts are skipped) and
    /// records, in the same transaction, that `consumer` has applied the log through `offset`.
    func addEventCounts(_ counts: [PostID: PostEventCounts], consumer: String, appliedThrough offset: UInt64) async throws
    /// The last offset `consumer` recorded with `addEventCounts` (nil: none yet).
    func eventOffset(consumer: String) async throws -> UInt64?
}

/// Impressions and hides of one post in a batch of events.
public struct PostEventCounts: Sendable, Equatable {
    public var impressions: Int
    public var hides: Int
    public init(impressions: Int = 0, hides: Int = 0) { self.impressions = impressions; self.hides = hides }
}
