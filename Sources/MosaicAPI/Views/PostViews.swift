import Foundation
import MosaicCore

struct AuthorView: SnakeCaseKeyed {
    let userId: UserID
    let username: String
    @Nullable var profilePicUrl: String?
    let isVerified: Bool
    let fullName: String

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", username, profilePicUrl = "profile_pic_url", isVerified = "is_verified", fullName = "full_name"
    }
}

struct MediaView: SnakeCaseKeyed {
    let mediaId: MediaID
    let type: String
    let url: String
    let urls: [String: String]
    let width: Int
    let height: Int
    let altText: String
    let placeholder: String

    enum CodingKeys: String, CodingKey {
        case mediaId = "media_id", type, url, urls, width, height, altText = "alt_text", placeholder
    }
}

struct LocationView: SnakeCaseKeyed {
    let name: String
    @Nullable var lat: Double?
    @Nullable var lng: Double?
}

/// A post as every list and `GET /api/v1/posts/{id}` return it. Optional fields carry ranking provenance
/// (`source`, `reasons`) on Explore and the feed when asked to explain.
struct PostView: SnakeCaseKeyed {
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

    enum CodingKeys: String, CodingKey {
        case postId = "post_id", permalink, author, media, caption, hashtags, mentions, location
        case taggedUserIds = "tagged_user_ids", category, regions, likeCount = "like_count", commentCount = "comment_count"
        case saveCount = "save_count", createdAt = "created_at", viewerHasLiked = "viewer_has_liked"
        case viewerHasSaved = "viewer_has_saved", source, reasons, score
    }
}

struct PostListView: SnakeCaseKeyed {
    let posts: [PostView]
    @Nullable var nextCursor: String?
    let hasMore: Bool
    var servedBy: String? = nil

    enum CodingKeys: String, CodingKey {
        case posts, nextCursor = "next_cursor", hasMore = "has_more", servedBy = "served_by"
    }
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
