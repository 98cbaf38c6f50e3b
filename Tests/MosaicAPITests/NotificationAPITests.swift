import Foundation
import Testing
@testable import MosaicAPI

@Suite struct NotificationAPITests {
    @Test func likesAggregatePerPostAndDeduplicate() async throws {
        let s = try await TestServer.start()
        let owner = try await s.signUp("owner")
        var likers: [TestUser] = []
        for i in 0..<5 { likers.append(try await s.signUp("liker\(i)")) }
        let post = try await s.post(by: owner)
        for u in likers {
            #expect(try await u.client.post("/api/v1/posts/\(post)/like").status == 200)
            s.clock.advance(by: 10)
        }
        // like, unlike, like: still one actor.
        _ = try await likers[0].client.delete("/api/v1/posts/\(post)/like")
        _ = try await likers[0].client.post("/api/v1/posts/\(post)/like")

        let list = try await owner.client.get("/api/v1/notifications")
        let likes = list.list("notifications").filter { $0["type"] as? String == "like" }
        #expect(likes.count == 1)
        #expect(likes.first?["actor_count"] as? Int == 5)
        #expect(likes.first?["post_id"] as? String == post)
        #expect(likes.first?["text"] as? String == "liker4 and 4 others liked your post.")
        #expect(list["unread_count"] as? Int == 1)

        // After reading, a new like starts a new notification; outside the window too.
        #expect(try await owner.client.post("/api/v1/notifications/read").status == 204)
        let late = try await s.signUp("late")
        s.clock.advance(by: 7 * 3600)
        _ = try await late.client.post("/api/v1/posts/\(post)/like")
        let after = try await owner.client.get("/api/v1/notifications")
        let likeRows = after.list("notifications").filter { $0["type"] as? String == "like" }
        #expect(likeRows.count == 2)
        #expect(likeRows.first?["read"] as? Bool == false && likeRows.first?["actor_count"] as? Int == 1)
        #expect(likeRows.last?["read"] as? Bool == true)
        #expect(after["unread_count"] as? Int == 1)
    }

    @Test func commentsRepliesMentionsFollowsAndMessages() async throws {
        let s = try await TestServer.start()
        let ann = try await s.signUp("ann"), bob = try await s.signUp("bob"), cat = try await s.signUp("cat")
        let post = try await s.post(by: ann, caption: "sunset with @cat #beach")
        let c1 = try await bob.client.post("/api/v1/posts/\(post)/comments", ["text": "wow @cat"])
        #expect(c1.status == 201)
        let parent = try #require(c1.string("comment_id"))
        _ = try await cat.client.post("/api/v1/posts/\(post)/comments", ["text": "thanks", "parent_id": parent])
        _ = try await bob.client.post("/api/v1/users/\(ann.id)/follow")
        _ = try await cat.client.patch("/api/v1/me", ["is_private": true])
        _ = try await bob.client.post("/api/v1/users/\(cat.id)/follow")
        let thread = try #require(try await bob.client.post("/api/v1/direct/threads", ["participant_ids": [ann.id]]).string("thread_id"))
        _ = try await bob.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "hi", "client_id": "1"])
        _ = try await bob.client.post("/api/v1/direct/threads/\(thread)/messages", ["text": "there", "client_id": "2"])

        let annTypes = try await ann.client.get("/api/v1/notifications").list("notifications").compactMap { $0["type"] as? String }
        #expect(annTypes == ["message", "follow", "comment"])
        let annMessages = try await ann.client.get("/api/v1/notifications").list("notifications").first
        #expect(annMessages?["thread_id"] as? String == thread && annMessages?["actor_count"] as? Int == 1)
        let comment = try await ann.client.get("/api/v1/notifications").list("notifications").last
        #expect(comment?["actor_count"] as? Int == 2) // bob and cat commented

        let catTypes = try await cat.client.get("/api/v1/notifications").list("notifications").compactMap { $0["type"] as? String }
        #expect(catTypes == ["follow_request", "mention", "mention"])
        let bobTypes = try await bob.client.get("/api/v1/notifications").list("notifications").compactMap { $0["type"] as? String }
        #expect(bobTypes == ["reply"])
    }

    @Test func aggregationStopsAtTheWindowEvenUnread() async throws {
        let s = try await TestServer.start()
        let owner = try await s.signUp("owner"), a = try await s.signUp("early"), b = try await s.signUp("later")
        let post = try await s.post(by: owner)
        _ = try await a.client.post("/api/v1/posts/\(post)/like")
        s.clock.advance(by: 5 * 3600)
        _ = try await b.client.post("/api/v1/posts/\(post)/like")
        #expect(try await owner.client.get("/api/v1/notifications").list("notifications").first?["actor_count"] as? Int == 2)
        s.clock.advance(by: 6 * 3600 + 1)
        let late = try await s.signUp("late")
        _ = try await late.client.post("/api/v1/posts/\(post)/like")
        let list = try await owner.client.get("/api/v1/notifications")
        #expect(list.list("notifications").compactMap { $0["actor_count"] as? Int } == [1, 2])
        #expect(list["unread_count"] as? Int == 2)
    }

    @Test func tagsNotifyTheTaggedOnce() async throws {
        let s = try await TestServer.start()
        let ann = try await s.signUp("ann"), bob = try await s.signUp("bob")
        let r = try await ann.client.post("/api/v1/posts", ["media_ids": [try await s.media(for: ann)], "caption": "us",
                                                            "tagged_users": [bob.id, bob.id]])
        #expect(r.status == 201)
        let list = try await bob.client.get("/api/v1/notifications").list("notifications")
        #expect(list.compactMap { $0["type"] as? String } == ["tag"])
        #expect(list.first?["post_id"] as? String == r.string("post_id"))
        #expect(list.first?["text"] as? String == "ann tagged you in a post.")
    }

    @Test func nothingFromBlockedUsers() async throws {
        let s = try await TestServer.start()
        let ann = try await s.signUp("ann"), troll = try await s.signUp("troll"), fan = try await s.signUp("fan")
        let post = try await s.post(by: ann)
        _ = try await troll.client.post("/api/v1/posts/\(post)/like")
        _ = try await fan.client.post("/api/v1/posts/\(post)/like")
        #expect(try await troll.client.post("/api/v1/posts/\(post)/comments", ["text": "meh"]).status == 201)
        let before = try await ann.client.get("/api/v1/notifications")
        #expect(before.list("notifications").compactMap { $0["type"] as? String } == ["comment", "like"])
        #expect(before.list("notifications").last?["actor_count"] as? Int == 2)
        #expect(before["unread_count"] as? Int == 2)
        // Blocking hides past activity (and the unread badge counts only what is shown) and stops new notifications.
        _ = try await ann.client.post("/api/v1/users/\(troll.id)/block")
        let after = try await ann.client.get("/api/v1/notifications")
        let shown = after.list("notifications")
        #expect(shown.count == 1 && shown.first?["actor_count"] as? Int == 1)
        #expect(after["unread_count"] as? Int == 1)
        #expect((shown.first?["actors"] as? [[String: Any]])?.compactMap { $0["user_id"] as? String } == [fan.id])
        _ = try await ann.client.delete("/api/v1/users/\(troll.id)/block")
        _ = try await troll.client.post("/api/v1/users/\(ann.id)/block")
        _ = try await troll.client.post("/api/v1/users/\(ann.id)/follow")
        let final = try await ann.client.get("/api/v1/notifications")
        #expect(final.list("notifications").count == 1 && final["unread_count"] as? Int == 1)
        #expect(try await ann.client.get("/api/v1/notifications?cursor=bogus").status == 400)
        #expect(try await APIClient(baseURL: s.baseURL).get("/api/v1/notifications").status == 401)
    }
}
