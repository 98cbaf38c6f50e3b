import Foundation
import MosaicCore

/// A profile as `GET /api/v1/users/{username}` and `GET /api/v1/me` return it.
struct ProfileView: Encodable {
    let userId: UserID
    let username: String
    let fullName: String
    let bio: String
    let isPrivate: Bool
    let isVerified: Bool
    @Nullable var profilePicUrl: String?
    let followerCount: Int
    let followingCount: Int
    let postCount: Int
    let viewerFollows: Bool
    let viewerRequested: Bool
    let viewerBlocked: Bool
    let followsViewer: Bool
    let isViewer: Bool
    let createdAt: Date

    init(_ u: User, relationship r: Relationship?, isViewer: Bool) {
        userId = u.id; username = u.username; fullName = u.fullName; bio = u.bio; isPrivate = u.isPrivate
        isVerified = u.isVerified; profilePicUrl = u.profilePicMediaID.map { MediaURLs.url($0, "150") }
        followerCount = u.followerCount; followingCount = u.followingCount; postCount = u.postCount
        viewerFollows = r?.follows == .following; viewerRequested = r?.follows == .requested
        viewerBlocked = r?.viewerBlocked ?? false; followsViewer = r?.followedBy == .following
        self.isViewer = isViewer; createdAt = u.createdAt
    }
}

/// A user in lists (followers, likers, search results) and as a post's author.
struct UserSummary: Encodable {
    let userId: UserID
    let username: String
    let fullName: String
    @Nullable var profilePicUrl: String?
    let isVerified: Bool
    let isPrivate: Bool

    init(_ u: User) {
        userId = u.id; username = u.username; fullName = u.fullName
        profilePicUrl = u.profilePicMediaID.map { MediaURLs.url($0, "150") }
        isVerified = u.isVerified; isPrivate = u.isPrivate
    }
}

struct UserListView: Encodable {
    let users: [UserSummary]
    @Nullable var nextCursor: String?
    let hasMore: Bool
}

enum MediaURLs {
    static let variants = ["1080", "640", "320", "150"]
    static func url(_ id: MediaID, _ variant: String) -> String { "/media/\(id)/\(variant).jpg" }
    static func all(_ id: MediaID) -> [String: String] {
        Dictionary(uniqueKeysWithValues: variants.map { ($0, url(id, $0)) })
    }
}
