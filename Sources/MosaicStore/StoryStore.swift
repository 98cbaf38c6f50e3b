import Foundation
import MosaicCore

public struct Story: Sendable, Equatable {
    public var id: StoryID
    public var authorID: UserID
    public var mediaID: MediaID
    public var mediaType: String
    public var replyEnabled: Bool
    public var createdAt: Date
    public var expiresAt: Date
    public init(id: StoryID, authorID: UserID, mediaID: MediaID, mediaType: String, replyEnabled: Bool, createdAt: Date, expiresAt: Date) {
        self.id = id; self.authorID = authorID; self.mediaID = mediaID; self.mediaType = mediaType
        self.replyEnabled = replyEnabled; self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

/// How much a viewer interacts with an author: the story ring's order after "unseen first".
public struct StoryAffinity: Sendable, Equatable {
    public var messages = 0
    public var likes = 0
    public var comments = 0
    public var storyViews = 0
    public var profileVisits = 0
    public init() {}
    /// Direct messages weigh most (a conversation), then comments, likes, profile visits and story views.
    public var score: Double {
        3 * Double(messages) + 2 * Double(comments) + Double(likes) + Double(profileVisits) + 0.5 * Double(storyViews)
    }
}

/// Stories live 24 hours; reads take `now` and never return an expired story.
public protocol StoryStore: Sendable {
    /// Creates the story and claims its media (owned by the author, not used by anything else), atomically.
    /// False when the media is missing, someone else's or already used.
    func createStory(_ story: Story) async throws -> Bool
    func story(id: StoryID, now: Date) async throws -> Story?
    /// Live stories of these authors, oldest first per author.
    func liveStories(authors: [UserID], now: Date) async throws -> [UserID: [Story]]
    /// Stories among `stories` that `viewer` has seen.
    func seenStories(viewer: UserID, among stories: [StoryID]) async throws -> Set<StoryID>
    func markStorySeen(viewer: UserID, story: Story, at: Date) async throws
    func storyAffinity(viewer: UserID, authors: [UserID]) async throws -> [UserID: StoryAffinity]
    /// Deletes stories that expired before `cutoff` and hands their media back to the media sweeper
    /// (unclaimed, expiring `now`), which removes the files. Returns the media IDs released.
    func sweepStories(expiredBefore cutoff: Date, now: Date, limit: Int) async throws -> [MediaID]
}
