import Foundation
import MosaicCore

struct AuthorView: Encodable {
    let userId: UserID
    let username: String
    @Nullable var profilePicUrl: String?
    let isVerified: Bool
    let fullName: String
}

struct MediaView: Encodable {
    let mediaId: MediaID
    let type: String
    let url: String
    let urls: [String: String]
    let width: Int
    let height: Int
    let altText: String
    let placeholder: String
}

struct LocationView: Encodable {
    let name: String
    @Nullable var lat: Double?
    @Nullable var lng: Double?
}

/// A post as every list and `GET /api/v1/posts/{id}` return it. Optional fields carry ranking provenance
/// (`source`, `reasons`) on Explore and the feed when asked to explain.
struct PostView: Encodable {
    let postId: PostID
    let permalink: String
    let author: AuthorView
    let media: [MediaView]
    let caption: String
    let hashtags: [String]
    let mentions: [String]
    @Nullable var location: LocationView?
    let taggedUserIds: [UserID]
    let category: String
    /// Where Explore may recommend the post; absent when it may everywhere.
    let regions: [String]?
    let likeCount: Int
    let commentCount: Int
    let saveCount: Int
    let createdAt: Date
    let viewerHasLiked: Bool
    let viewerHasSaved: Bool
    var source: String? = nil
    var reasons: [String]? = nil
    var score: Double? = nil
}

struct PostListView: Encodable {
    let posts: [PostView]
    @Nullable var nextCursor: String?
    let hasMore: Bool
    var servedBy: String? = nil
}

struct CommentView: Encodable {
    let commentId: CommentID
    let postId: PostID
    let author: AuthorView
    let text: String
    @Nullable var parentId: CommentID?
    let likeCount: Int
    let replyCount: Int
    let createdAt: Date
}

struct CommentListView: Encodable {
    let comments: [CommentView]
    @Nullable var nextCursor: String?
    let hasMore: Bool
}

extension AuthorView {
    init(_ u: User) {
        userId = u.id; username = u.username; fullName = u.fullName; isVerified = u.isVerified
        profilePicUrl = u.profilePicMediaID.map { MediaURLs.url($0, "150") }
    }
}
