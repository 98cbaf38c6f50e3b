import Foundation
import MosaicCore
import MosaicStore

/// Who may see what. One place decides, every list and lookup asks it:
/// - blocks hide two accounts from each other in both directions, everywhere;
/// - a private account's posts are visible to itself and its approved followers only;
/// - deleted posts are invisible to everyone (the store never returns them).
extension Services {
    /// Filters posts down to those `viewer` may see, keeping order. One query for blocks, one for follows.
    func visiblePosts(_ posts: [Post], viewer: UserID?, authors: [UserID: User]) async throws -> [Post] {
        guard !posts.isEmpty else { return [] }
        let blocked = try await blockedSet(viewer)
        let privateAuthors = Set(posts.compactMap { p in authors[p.authorID].flatMap { $0.isPrivate ? $0.id : nil } })
            .subtracting(viewer.map { [$0] } ?? [])
        var followed = Set<UserID>()
        if let viewer, !privateAuthors.isEmpty {
            followed = try await store.followedAmong(viewer: viewer, candidates: Array(privateAuthors))
        }
        return posts.filter { p in
            guard let author = authors[p.authorID] else { return false }
            if blocked.contains(author.id) { return false }
            if author.id == viewer { return true }
            return !author.isPrivate || followed.contains(author.id)
        }
    }

    /// Accounts hidden from `viewer` by a block in either direction (none for signed-out readers).
    func blockedSet(_ viewer: UserID?) async throws -> Set<UserID> {
        guard let viewer else { return [] }
        return try await store.blockedEitherWay(viewer)
    }

    /// The profile `viewer` may look at, or 404 when the account does not exist or has blocked the viewer.
    func visibleUser(id: UserID, viewer: UserID?) async throws -> (User, Relationship?) {
        guard let user = try await store.user(id: id) else { throw MosaicError.notFound("The account") }
        guard let viewer, viewer != id else { return (user, nil) }
        let rel = try await store.relationship(viewer: viewer, target: id)
        if rel.blockedByTarget { throw MosaicError.notFound("The account") }
        return (user, rel)
    }

    /// May `viewer` see the content (posts, followers) of `user`?
    func canSeeContent(of user: User, relationship: Relationship?, viewer: UserID?) -> Bool {
        if user.id == viewer { return true }
        if relationship?.eitherBlocked == true { return false }
        return !user.isPrivate || relationship?.follows == .following
    }

    /// A single post the viewer may see, or 404 (deleted, hidden by privacy or a block).
    func visiblePost(id: PostID, viewer: UserID?) async throws -> (Post, User) {
        guard let post = try await store.post(id: id), let author = try await store.user(id: post.authorID) else {
            throw MosaicError.notFound("The post")
        }
        let visible = try await visiblePosts([post], viewer: viewer, authors: [author.id: author])
        guard !visible.isEmpty else { throw MosaicError.notFound("The post") }
        return (post, author)
    }
}
