import Foundation
import MosaicCore
import MosaicStore

/// Stories: 24 hours of life, an hour's grace before their files go, and a ring ordered per viewer.
extension Services {
    static let storyLifetime: TimeInterval = 24 * 3600
    static let storyFileGrace: TimeInterval = 3600

    struct RingEntry: Sendable {
        let author: User
        let stories: [Story]
        let seen: Set<StoryID>
        var hasUnseen: Bool { stories.contains { !seen.contains($0.id) } }
        var latest: Date { stories.map(\.createdAt).max() ?? .distantPast }
    }

    /// The viewer's own stories and those of accounts they follow (approved), minus blocks: unseen rings first,
    /// then by affinity (messages, comments, likes, story views), then most recent.
    func storyRing(viewer: UserID) async throws -> [RingEntry] {
        let now = clock.now()
        let blocked = try await blockedSet(viewer)
        let authors = try await store.followeeIDs(of: viewer).filter { !blocked.contains($0) } + [viewer]
        let live = try await store.liveStories(authors: authors, now: now)
        guard !live.isEmpty else { return [] }
        let users = try await store.users(ids: Array(live.keys))
        let seen = try await store.seenStories(viewer: viewer, among: live.values.flatMap { $0.map(\.id) })
        let affinity = try await store.storyAffinity(viewer: viewer, authors: Array(live.keys.filter { $0 != viewer }))
        let entries = live.compactMap { (author, stories) in users[author].map { RingEntry(author: $0, stories: stories, seen: seen) } }
        return entries.sorted { a, b in
            // The viewer's own ring always leads, as on every client.
            if (a.author.id == viewer) != (b.author.id == viewer) { return a.author.id == viewer }
            if a.hasUnseen != b.hasUnseen { return a.hasUnseen }
            let sa = affinity[a.author.id]?.score ?? 0, sb = affinity[b.author.id]?.score ?? 0
            if sa != sb { return sa > sb }
            if a.latest != b.latest { return a.latest > b.latest }
            return a.author.id < b.author.id
        }
    }

    /// A live story the viewer may see: 404 when expired, missing or hidden by a block or privacy.
    func visibleStory(_ id: StoryID, viewer: UserID) async throws -> (Story, User) {
        guard let story = try await store.story(id: id, now: clock.now()) else { throw MosaicError.notFound("The story") }
        let (author, rel) = try await visibleUser(id: story.authorID, viewer: viewer)
        guard canSeeContent(of: author, relationship: rel, viewer: viewer) else { throw MosaicError.notFound("The story") }
        return (story, author)
    }

    /// Deletes stories expired more than an hour ago and releases their media to the media sweeper, which
    /// removes the files. Run periodically; returns the media released.
    @discardableResult
    public func sweepExpiredStories(limit: Int = 1000) async throws -> [MediaID] {
        let now = clock.now()
        return try await store.sweepStories(expiredBefore: now.addingTimeInterval(-Self.storyFileGrace), now: now, limit: limit)
    }
}
