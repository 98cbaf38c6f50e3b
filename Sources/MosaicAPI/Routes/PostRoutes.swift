import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct LocationInput: Decodable, Sendable {
    let name: String
    let lat: Double?
    let lng: Double?
}

struct CreatePostInput: APIInput {
    static let fields: Set<String> = ["media_ids", "caption", "location", "tagged_users", "alt_text", "category", "regions"]
    let mediaIds: [String]
    let caption: String?
    let location: LocationInput?
    let taggedUsers: [String]?
    /// One alt text for the whole post, or one per media item.
    let altText: AltText?
    let category: String?
    /// Region codes Explore may recommend the post in (geographic restriction); absent or empty: everywhere.
    let regions: [String]?
    enum CodingKeys: String, CodingKey {
        case mediaIds = "media_ids", caption, location, taggedUsers = "tagged_users", altText = "alt_text", category, regions
    }

    enum AltText: Decodable, Sendable {
        case one(String), each([String])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .one(s) } else { self = .each(try c.decode([String].self)) }
        }
    }
}

struct CreatedPostView: Encodable {
    let postId: PostID
    let permalink: String
    let createdAt: Date
}

struct CommentInput: APIInput {
    static let fields: Set<String> = ["text", "parent_id"]
    let text: String
    let parentId: String?
    enum CodingKeys: String, CodingKey { case text, parentId = "parent_id" }
}

struct LikeView: Encodable { let likeCount: Int; let viewerHasLiked: Bool }
struct SaveView: Encodable { let viewerHasSaved: Bool }

extension Services {
    func addPostRoutes(_ r: RouteTable) {
        r.post("/api/v1/posts") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(CreatePostInput.self, from: request)
            let post = try await self.createPost(input, author: viewer)
            return try JSONBody.response(CreatedPostView(postId: post.id, permalink: "\(self.config.publicBaseURL)/p/\(post.id)",
                                                         createdAt: post.createdAt), status: .created)
        }

        r.get("/api/v1/posts/:post_id") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            guard let view = try await self.postViews([post], viewer: viewer).first else { throw MosaicError.notFound("The post") }
            return try JSONBody.response(view)
        }

        r.delete("/api/v1/posts/:post_id") { request, context in
            let viewer = try await self.viewer(request, context)
            let id = try context.id("post_id")
            guard let post = try await self.store.post(id: id) else { throw MosaicError.notFound("The post") }
            guard post.authorID == viewer else { throw MosaicError.forbidden("not_owner", "Only the author can delete a post.") }
            _ = try await self.store.deletePost(id: id, author: viewer, at: self.clock.now())
            await self.hooks.didDeletePost(id, author: viewer)
            return JSONBody.noContent()
        }

        r.post("/api/v1/posts/:post_id/like") { request, context in
            let viewer = try await self.viewer(request, context)
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            let (count, changed) = try await self.store.like(user: viewer, post: post.id, at: self.clock.now())
            if changed { await self.hooks.didLike(user: viewer, post: post) }
            return try JSONBody.response(LikeView(likeCount: count, viewerHasLiked: true))
        }

        r.delete("/api/v1/posts/:post_id/like") { request, context in
            let viewer = try await self.viewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            let (count, changed) = try await self.store.unlike(user: viewer, post: post.id)
            if changed { await self.hooks.didUnlike(user: viewer, post: post) }
            return try JSONBody.response(LikeView(likeCount: count, viewerHasLiked: false))
        }

        r.post("/api/v1/posts/:post_id/save") { request, context in
            let viewer = try await self.viewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            if try await self.store.save(user: viewer, post: post.id, at: self.clock.now()) {
                await self.hooks.didSave(user: viewer, post: post)
            }
            return try JSONBody.response(SaveView(viewerHasSaved: true))
        }

        r.delete("/api/v1/posts/:post_id/save") { request, context in
            let viewer = try await self.viewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            if try await self.store.unsave(user: viewer, post: post.id) { await self.hooks.didUnsave(user: viewer, post: post) }
            return try JSONBody.response(SaveView(viewerHasSaved: false))
        }

        r.get("/api/v1/me/saved") { request, context in
            let viewer = try await self.viewer(request, context)
            let page = try await self.store.savedPosts(user: viewer, page: try request.page(kind: CursorKind.savedPosts))
            let posts = try await self.store.posts(ids: page.items)
            let views = try await self.postViews(page.items.compactMap { posts[$0] }, viewer: viewer)
            return try JSONBody.response(PostListView(posts: views, nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        r.post("/api/v1/posts/:post_id/comments") { request, context in
            let viewer = try await self.viewer(request, context)
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            let input = try await JSONBody.decode(CommentInput.self, from: request)
            let text = try Validation.text(input.text, field: "text", max: Validation.maxCommentLength)
            var parentAuthor: UserID? = nil
            var parentID: CommentID? = nil
            if let raw = input.parentId {
                guard let pid = MosaicID(raw) else { throw MosaicError.invalidID("parent_id") }
                guard let parent = try await self.store.comment(id: pid), parent.postID == post.id else {
                    throw MosaicError.notFound("The parent comment")
                }
                // Replies attach to the top-level comment: threads are two levels deep, as on Instagram.
                parentID = parent.parentID ?? parent.id
                parentAuthor = parent.authorID
            }
            let comment = try await self.store.addComment(Comment(
                id: self.ids.next(shard: viewer.shard), postID: post.id, authorID: viewer, parentID: parentID,
                text: text, createdAt: self.clock.now()))
            await self.hooks.didComment(comment, post: post, parentAuthor: parentAuthor)
            guard let view = try await self.commentViews([comment], viewer: viewer).first else { throw MosaicError.notFound("The comment") }
            return try JSONBody.response(view, status: .created)
        }

        r.get("/api/v1/posts/:post_id/comments") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            let (post, _) = try await self.visiblePost(id: try context.id("post_id"), viewer: viewer)
            var parent: CommentID? = nil
            if let raw = request.query("parent_id") {
                guard let id = MosaicID(raw) else { throw MosaicError.invalidID("parent_id") }
                parent = id
            }
            let page = try await self.store.comments(post: post.id, parent: parent, page: try request.page(kind: CursorKind.comments))
            return try JSONBody.response(CommentListView(comments: try await self.commentViews(page.items, viewer: viewer),
                                                         nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        r.get("/api/v1/tags/:tag/posts") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            let raw = context.parameters.get("tag") ?? ""
            guard let tag = CaptionParser.normalizeTag(raw.removingPercentEncoding ?? raw) else {
                throw MosaicError.badRequest("invalid_tag", "That is not a hashtag.")
            }
            let page = try await self.store.posts(tag: tag, page: try request.page(kind: CursorKind.tagPosts))
            let views = try await self.postViews(page.items, viewer: viewer)
            return try JSONBody.response(PostListView(posts: views, nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }
    }

    /// Validates and stores a post; the fan-out job is durable before this returns (the 201).
    func createPost(_ input: CreatePostInput, author: UserID) async throws -> Post {
        guard let user = try await store.user(id: author) else { throw MosaicError.unauthorized }
        guard !input.mediaIds.isEmpty, input.mediaIds.count <= Validation.maxMediaPerPost else {
            throw MosaicError.badRequest("invalid_media_id", "A post has 1 to \(Validation.maxMediaPerPost) media items.")
        }
        let mediaIDs = try input.mediaIds.map { raw throws(MosaicError) -> MediaID in
            guard let id = MosaicID(raw) else {
                throw MosaicError.badRequest("invalid_media_id", "Media IDs are decimal strings.")
            }
            return id
        }
        let caption = try Validation.caption(input.caption)
        var altTexts: [String] = []
        switch input.altText {
        case .one(let s)?: altTexts = Array(repeating: s, count: mediaIDs.count)
        case .each(let list)?: altTexts = list
        case nil: break
        }
        guard altTexts.allSatisfy({ $0.count <= Validation.maxAltTextLength }), altTexts.count <= mediaIDs.count else {
            throw MosaicError.badRequest("invalid_alt_text", "Alt text is at most \(Validation.maxAltTextLength) characters per item.")
        }
        var location: Location? = nil
        if let l = input.location {
            let name = try Validation.text(l.name, field: "location", max: Validation.maxLocationNameLength)
            if let lat = l.lat, !(-90...90).contains(lat) { throw MosaicError.badRequest("invalid_location", "lat must be within ±90.") }
            if let lng = l.lng, !(-180...180).contains(lng) { throw MosaicError.badRequest("invalid_location", "lng must be within ±180.") }
            location = Location(name: name, lat: l.lat, lng: l.lng)
        }
        let rawTagged = input.taggedUsers ?? []
        guard rawTagged.count <= Validation.maxTaggedUsers else {
            throw MosaicError.badRequest("too_many_tags", "At most \(Validation.maxTaggedUsers) people can be tagged.")
        }
        var tagged: [UserID] = []
        for raw in rawTagged {
            guard let id = MosaicID(raw) else { throw MosaicError.invalidID("tagged_users") }
            if tagged.contains(id) { continue }
            let rel = try await store.relationship(viewer: author, target: id)
            if rel.eitherBlocked { throw MosaicError.blocked }
            guard try await store.user(id: id) != nil else { throw MosaicError.notFound("A tagged account") }
            tagged.append(id)
        }
        // The product quota: 25 posts in any 24 hours, counted durably.
        let now = clock.now()
        let recent = try await store.postCount(author: author, since: now.addingTimeInterval(-86_400))
        if recent >= config.postsPerDay {
            throw MosaicError.rateLimited(retryAfter: 3600, "You can share at most \(config.postsPerDay) posts a day.")
        }
        let hashtags = CaptionParser.hashtags(in: caption)
        var category = input.category?.lowercased() ?? ""
        if !category.isEmpty && !InterestCategory.all.contains(category) {
            throw MosaicError.badRequest("invalid_category", "Unknown category.")
        }
        if category.isEmpty { category = InterestCategory.infer(hashtags: hashtags) }
        var regions: [String] = []
        for raw in input.regions ?? [] {
            if let code = try Self.region(raw), !regions.contains(code) { regions.append(code) }
        }
        let post = try await store.createPost(NewPost(
            id: ids.next(shard: author.shard), authorID: author, caption: caption, hashtags: hashtags,
            mentions: CaptionParser.mentions(in: caption), location: location, taggedUserIDs: tagged,
            mediaIDs: mediaIDs, altTexts: altTexts, category: category, regions: regions, createdAt: now))
        try await hooks.didCreatePost(post, author: user)
        return post
    }
}
