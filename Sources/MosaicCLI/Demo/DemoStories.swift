import Foundation
import MosaicCore
import MosaicStore

/// Stories for the demo visitor's tray. Stories live 24 hours, so a generated world has none by the time
/// someone runs the demo again: each start gives up to a dozen of the accounts the demo account follows a
/// story (a copy of their latest photo's media, so the story's later sweep never touches the post's files).
enum DemoStories {
    typealias Store = AccountStore & GraphStore & PostStore & StoryStore

    @discardableResult
    static func refresh(in store: any Store, now: Date = Date(), count: Int = 12) async throws -> Int {
        guard let demo = try await store.user(username: "demo") else { return 0 }
        let followees = try await store.followeeIDs(of: demo.id)
        let live = try await store.liveStories(authors: followees, now: now)
        guard live.values.allSatisfy(\.isEmpty) else { return 0 }
        let ids = IDGenerator()
        var made = 0
        for author in followees {
            guard made < count else { break }
            guard let post = try await store.posts(author: author, page: PageRequest(limit: 1)).items.first,
                  let first = post.media.first, var media = try await store.media(id: first.mediaID) else { continue }
            // Staggered over the last few hours so the tray shows a spread of ages.
            let at = now.addingTimeInterval(-Double(made) * 1_500)
            media.id = ids.next(shard: author.shard)
            media.usedBy = nil
            media.createdAt = at
            media.expiresAt = at.addingTimeInterval(86_400)
            try await store.createMedia(media)
            let story = Story(id: ids.next(shard: author.shard), authorID: author, mediaID: media.id, mediaType: media.type,
                              replyEnabled: true, createdAt: at, expiresAt: at.addingTimeInterval(86_400))
            if try await store.createStory(story) { made += 1 }
        }
        return made
    }
}
