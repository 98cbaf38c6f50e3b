import Foundation
import Testing
import MosaicCore
@testable import MosaicAPI

@Suite struct StoryAPITests {
    @Test func storiesLiveADayAndTheirFilesGoAnHourLater() async throws {
        let s = try await TestServer.start()
        let ann = try await s.signUp("ann"), bob = try await s.signUp("bob")
        _ = try await bob.client.post("/api/v1/users/\(ann.id)/follow")
        let media = try await s.media(for: ann)
        let created = try await ann.client.post("/api/v1/stories", ["media_id": media])
        #expect(created.status == 201)
        let story = try #require(created.string("story_id"))
        // The same media can't become a second story or a post.
        #expect(try await ann.client.post("/api/v1/stories", ["media_id": media]).status == 409)
        #expect(try await bob.client.post("/api/v1/stories", ["media_id": try await s.media(for: ann)]).status == 404)

        let feed = try await bob.client.get("/api/v1/stories/feed")
        #expect(feed.list("story_ring").compactMap { $0["user_id"] as? String } == [ann.id])
        #expect(((feed["stories"] as? [String: Any])?[ann.id] as? [[String: Any]])?.first?["story_id"] as? String == story)

        s.clock.advance(by: 24 * 3600 - 1)
        #expect(try await bob.client.get("/api/v1/stories/feed").list("story_ring").count == 1)
        s.clock.advance(by: 2)
        // Expired: never served, not seen, not replied to.
        #expect(try await bob.client.get("/api/v1/stories/feed").list("story_ring").isEmpty)
        #expect(try await bob.client.post("/api/v1/stories/\(story)/seen").status == 404)
        #expect(try await bob.client.post("/api/v1/stories/\(story)/reply", ["text": "late"]).status == 404)

        // Files stay for an hour after expiry, then the media goes back to the media sweeper.
        #expect(try await s.services.sweepExpiredStories().isEmpty)
        s.clock.advance(by: 3600)
        let released = try await s.services.sweepExpiredStories()
        #expect(released.map(\.description) == [media])
        let expired = try await s.services.store.expiredMedia(now: s.clock.now().addingTimeInterval(1), limit: 10)
        #expect(expired.map(\.id.description).contains(media))
        #expect(try await s.services.sweepExpiredStories().isEmpty)
    }

    @Test func ringOrderSeenStateAndAffinity() async throws {
        let s = try await TestServer.start()
        let me = try await s.signUp("me")
        let a = try await s.signUp("aaa"), b = try await s.signUp("bbb"), c = try await s.signUp("ccc")
        for u in [a, b, c] { _ = try await me.client.post("/api/v1/users/\(u.id)/follow") }
        var stories: [String: String] = [:]
        for u in [a, b, c] {
            stories[u.id] = try await u.client.post("/api/v1/stories", ["media_id": try await s.media(for: u)]).string("story_id")
            s.clock.advance(by: 60)
        }
        // No affinity yet: most recent first.
        let ring0 = try await me.client.get("/api/v1/stories/feed").list("story_ring").compactMap { $0["user_id"] as? String }
        #expect(ring0 == [c.id, b.id, a.id])
        // Affinity: I message aaa and like bbb's post; aaa (a conversation) outranks bbb (one like).
        let thread = try #require(try await me.client.post("/api/v1/direct/threads", ["participant_ids": [a.id]]).string("thread_id"))
        _ = try await me.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hi", "client_id": "1"])
        _ = try await me.client.post("/api/v1/posts/\(try await s.post(by: b))/like")
        let ring1 = try await me.client.get("/api/v1/stories/feed").list("story_ring").compactMap { $0["user_id"] as? String }
        #expect(ring1 == [a.id, b.id, c.id])
        // Seen rings go after unseen ones.
        #expect(try await me.client.post("/api/v1/stories/\(stories[a.id]!)/seen").status == 204)
        let feed = try await me.client.get("/api/v1/stories/feed")
        let ring2 = feed.list("story_ring")
        #expect(ring2.compactMap { $0["user_id"] as? String } == [b.id, c.id, a.id])
        #expect(ring2.last?["has_unseen"] as? Bool == false && ring2.first?["has_unseen"] as? Bool == true)
        #expect(((feed["stories"] as? [String: Any])?[a.id] as? [[String: Any]])?.first?["seen"] as? Bool == true)
        // My own story leads my ring.
        _ = try await me.client.post("/api/v1/stories", ["media_id": try await s.media(for: me)])
        #expect(try await me.client.get("/api/v1/stories/feed").list("story_ring").first?["user_id"] as? String == me.id)
    }

    @Test func repliesBecomeMessagesAndPrivacyHolds() async throws {
        let s = try await TestServer.start()
        let ann = try await s.signUp("ann"), bob = try await s.signUp("bob"), eve = try await s.signUp("eve")
        _ = try await ann.client.patch("/api/v1/me", ["is_private": true])
        let story = try #require(try await ann.client.post("/api/v1/stories", ["media_id": try await s.media(for: ann)]).string("story_id"))
        // Not a follower of a private account: the story doesn't exist for eve.
        #expect(try await eve.client.post("/api/v1/stories/\(story)/seen").status == 404)
        #expect(try await eve.client.get("/api/v1/stories/feed").list("story_ring").isEmpty)
        // A pending follow request is not enough.
        #expect(try await eve.client.post("/api/v1/users/\(ann.id)/follow").status == 200)
        #expect(try await eve.client.get("/api/v1/stories/feed").list("story_ring").isEmpty)
        #expect(try await eve.client.post("/api/v1/stories/\(story)/reply", ["text": "hi"]).status == 404)
        _ = try await bob.client.post("/api/v1/users/\(ann.id)/follow")
        _ = try await ann.client.post("/api/v1/me/follow_requests/\(bob.id)/approve")
        let reply = try await bob.client.post("/api/v1/stories/\(story)/reply", ["text": "love it"])
        #expect(reply.status == 201 && reply.string("story_id") == story)
        let inbox = try await ann.client.get("/api/v1/direct/inbox").list("threads")
        #expect(inbox.count == 1 && inbox.first?["last_message_preview"] as? String == "love it")
        let thread = try #require(inbox.first?["thread_id"] as? String)
        let message = try await ann.client.get("/api/v1/direct/threads/\(thread)/messages").list("messages").first
        #expect(message?["story_id"] as? String == story && message?["sender_id"] as? String == bob.id)
        #expect(message?["message_id"] as? String == reply.string("message_id"))
        // Replies can be turned off per story; one can't reply to oneself.
        let quiet = try await ann.client.post("/api/v1/stories", ["media_id": try await s.media(for: ann), "reply_enabled": false])
        let quietID = try #require(quiet.string("story_id"))
        let refused = try await bob.client.post("/api/v1/stories/\(quietID)/reply", ["text": "hm"])
        #expect(refused.status == 403 && refused.errorCode == "replies_disabled")
        #expect(try await ann.client.post("/api/v1/stories/\(story)/reply", ["text": "me"]).status == 422)
        // A block hides the story.
        _ = try await ann.client.post("/api/v1/users/\(bob.id)/block")
        #expect(try await bob.client.post("/api/v1/stories/\(story)/seen").status == 404)
        #expect(try await bob.client.get("/api/v1/stories/feed").list("story_ring").isEmpty)
    }
}
