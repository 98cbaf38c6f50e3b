import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct CreateStoryInput: APIInput {
    static let fields: Set<String> = ["media_id", "reply_enabled"]
    let mediaId: String
    let replyEnabled: Bool?
    enum CodingKeys: String, CodingKey { case mediaId = "media_id", replyEnabled = "reply_enabled" }
}

struct StoryReplyInput: APIInput {
    static let fields: Set<String> = ["text", "client_id"]
    let text: String
    let clientId: String?
    enum CodingKeys: String, CodingKey { case text, clientId = "client_id" }
}

struct CreatedStoryView: Encodable { let storyId: StoryID; let expiresAt: Date }

struct RingView: Encodable {
    let userId: UserID
    let username: String
    @Nullable var profilePicUrl: String?
    let hasUnseen: Bool
    let latestStoryTs: Date
}

struct StoryView: Encodable {
    let storyId: StoryID
    let mediaUrl: String
    let mediaType: String
    let createdAt: Date
    let expiresAt: Date
    let seen: Bool
    let replyEnabled: Bool
}

struct StoryFeedView: Encodable {
    let storyRing: [RingView]
    let stories: [String: [StoryView]]
}

extension Services {
    func addStoryRoutes(_ r: RouteTable) {
        r.post("/api/v1/stories") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(CreateStoryInput.self, from: request)
            guard let mediaID = MosaicID(input.mediaId) else { throw MosaicError.invalidID("media_id") }
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            guard let media = try await self.store.media(id: mediaID), media.ownerID == viewer else { throw MosaicError.notFound("The media") }
            let now = self.clock.now()
            let story = Story(id: self.ids.next(shard: viewer.shard), authorID: viewer, mediaID: mediaID, mediaType: media.type,
                              replyEnabled: input.replyEnabled ?? true, createdAt: now, expiresAt: now.addingTimeInterval(Self.storyLifetime))
            guard try await self.store.createStory(story) else {
                throw MosaicError.conflict("media_in_use", "This media is already used by a post or story.")
            }
            return try JSONBody.response(CreatedStoryView(storyId: story.id, expiresAt: story.expiresAt), status: .created)
        }

        r.get("/api/v1/stories/feed") { request, context in
            let viewer = try await self.viewer(request, context)
            let ring = try await self.storyRing(viewer: viewer)
            var stories: [String: [StoryView]] = [:]
            for e in ring {
                stories[e.author.id.description] = e.stories.map { s in
                    StoryView(storyId: s.id, mediaUrl: MediaURLs.url(s.mediaID, "1080"), mediaType: s.mediaType, createdAt: s.createdAt,
                              expiresAt: s.expiresAt, seen: e.seen.contains(s.id), replyEnabled: s.replyEnabled)
                }
            }
            let views = ring.map { e in
                RingView(userId: e.author.id, username: e.author.username, profilePicUrl: e.author.profilePicMediaID.map { MediaURLs.url($0, "150") },
                         hasUnseen: e.hasUnseen, latestStoryTs: e.latest)
            }
            return try JSONBody.response(StoryFeedView(storyRing: views, stories: stories))
        }

        r.post("/api/v1/stories/:story_id/seen") { request, context in
            let viewer = try await self.viewer(request, context)
            let (story, _) = try await self.visibleStory(try context.id("story_id"), viewer: viewer)
            try await self.store.markStorySeen(viewer: viewer, story: story, at: self.clock.now())
            return JSONBody.noContent()
        }

        r.post("/api/v1/stories/:story_id/reply") { request, context in
            let viewer = try await self.viewer(request, context)
            let (story, author) = try await self.visibleStory(try context.id("story_id"), viewer: viewer)
            guard author.id != viewer else { throw MosaicError.unprocessable("own_story", "You can't reply to your own story.") }
            guard story.replyEnabled else { throw MosaicError.forbidden("replies_disabled", "Replies to this story are turned off.") }
            let input = try await JSONBody.decode(StoryReplyInput.self, from: request)
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            let (thread, _) = try await self.directThread(viewer: viewer, with: [author.id])
            let (message, _) = try await self.sendDirectMessage(thread: thread, sender: viewer, text: input.text, storyID: story.id,
                                                                clientID: input.clientId ?? "story:\(story.id):\(self.ids.next(shard: viewer.shard))")
            return try JSONBody.response(MessageView(message), status: .created)
        }
    }
}
