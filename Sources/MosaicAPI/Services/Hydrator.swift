import Foundation
import MosaicCore
import MosaicStore

/// Turns stored posts into what clients see: authors, media URLs and the viewer's own like/save state,
/// loaded in batches (one query per kind, never one per post).
extension Services {
    func postViews(_ posts: [Post], viewer: UserID?, filterVisibility: Bool = true) async throws -> [PostView] {
        guard !posts.isEmpty else { return [] }
        let authors = try await store.users(ids: posts.map(\.authorID))
        let shown = filterVisibility ? try await visiblePosts(posts, viewer: viewer, authors: authors) : posts
        let ids = shown.map(\.id)
        var liked = Set<PostID>(), saved = Set<PostID>()
        if let viewer {
            liked = try await store.likedAmong(user: viewer, posts: ids)
            saved = try await store.savedAmong(user: viewer, posts: ids)
        }
        return shown.compactMap { p -> PostView? in
            guard let author = authors[p.authorID] else { return nil }
            return postView(p, author: author, liked: liked.contains(p.id), saved: saved.contains(p.id))
        }
    }

    func postView(_ p: Post, author: User, liked: Bool, saved: Bool) -> PostView {
        PostView(
            postId: p.id, permalink: "\(config.publicBaseURL)/p/\(p.id)", author: AuthorView(author),
            media: p.media.map { m in
                MediaView(mediaId: m.mediaID, type: "image", url: MediaURLs.url(m.mediaID, "1080"), urls: MediaURLs.all(m.mediaID),
                          width: m.width, height: m.height, altText: m.altText, placeholder: m.placeholder)
            },
            caption: p.caption, hashtags: p.hashtags, mentions: p.mentions,
            location: p.location.map { LocationView(name: $0.name, lat: $0.lat, lng: $0.lng) },
            taggedUserIds: p.taggedUserIDs, category: p.category, regions: p.regions.isEmpty ? nil : p.regions, likeCount: p.likeCount, commentCount: p.commentCount,
            saveCount: p.saveCount, createdAt: p.createdAt, viewerHasLiked: liked, viewerHasSaved: saved)
    }

    func commentViews(_ comments: [Comment], viewer: UserID?) async throws -> [CommentView] {
        let authors = try await store.users(ids: comments.map(\.authorID))
        let blocked = try await blockedSet(viewer)
        return comments.compactMap { c in
            guard let a = authors[c.authorID], !blocked.contains(a.id) else { return nil }
            return CommentView(commentId: c.id, postId: c.postID, author: AuthorView(a), text: c.text, parentId: c.parentID,
                               likeCount: c.likeCount, replyCount: c.replyCount, createdAt: c.createdAt)
        }
    }

    func userSummaries(_ ids: [UserID]) async throws -> [UserSummary] {
        let users = try await store.users(ids: ids)
        return ids.compactMap { users[$0].map(UserSummary.init) }
    }
}
