import Foundation

public typealias UserID = MosaicID
public typealias PostID = MosaicID
public typealias MediaID = MosaicID
public typealias CommentID = MosaicID

/// An account as stored. Counters are denormalised and kept exact inside the same transaction as the
/// row that changes them.
public struct User: Sendable, Equatable, Codable {
    public var id: UserID
    public var username: String
    public var fullName: String
    public var bio: String
    public var email: String?
    public var isPrivate: Bool
    public var isVerified: Bool
    public var profilePicMediaID: MediaID?
    public var followerCount: Int
    public var followingCount: Int
    public var postCount: Int
    /// Coarse region code ("eu", "na", …) used by Explore's popular-in-region source.
    public var region: String
    public var createdAt: Date
    public var lastActiveAt: Date

    public init(id: UserID, username: String, fullName: String = "", bio: String = "", email: String? = nil,
                isPrivate: Bool = false, isVerified: Bool = false, profilePicMediaID: MediaID? = nil,
                followerCount: Int = 0, followingCount: Int = 0, postCount: Int = 0, region: String = "",
                createdAt: Date, lastActiveAt: Date) {
        self.id = id; self.username = username; self.fullName = fullName; self.bio = bio; self.email = email
        self.isPrivate = isPrivate; self.isVerified = isVerified; self.profilePicMediaID = profilePicMediaID
        self.followerCount = followerCount; self.followingCount = followingCount; self.postCount = postCount
        self.region = region; self.createdAt = createdAt; self.lastActiveAt = lastActiveAt
    }
}

/// What the viewer's relationship to another account is, from the viewer's side.
public enum FollowState: String, Sendable, Codable {
    case none, requested, following
}

public struct Relationship: Sendable, Equatable {
    public var follows: FollowState          // viewer → target
    public var followedBy: FollowState       // target → viewer
    public var viewerBlocked: Bool           // viewer blocked target
    public var blockedByTarget: Bool         // target blocked viewer
    public init(follows: FollowState = .none, followedBy: FollowState = .none,
                viewerBlocked: Bool = false, blockedByTarget: Bool = false) {
        self.follows = follows; self.followedBy = followedBy
        self.viewerBlocked = viewerBlocked; self.blockedByTarget = blockedByTarget
    }
    public var eitherBlocked: Bool { viewerBlocked || blockedByTarget }
}

public struct Location: Sendable, Equatable, Codable {
    public var name: String
    public var lat: Double?
    public var lng: Double?
    public init(name: String, lat: Double? = nil, lng: Double? = nil) { self.name = name; self.lat = lat; self.lng = lng }
}

/// An uploaded image before and after it is attached to a post or story. Unused media expire 24 h after
/// upload; a media record can be used exactly once.
public struct MediaRecord: Sendable, Equatable {
    public var id: MediaID
    public var ownerID: UserID
    public var type: String
    public var width: Int
    public var height: Int
    /// Variant names stored on disk, e.g. ["1080", "640", "320", "150", "full"].
    public var variants: [String]
    /// A tiny blurred preview (a `data:` URL or BlurHash) shown while the real image loads.
    public var placeholder: String
    /// Visual descriptor computed from the pixels (see MosaicMedia's documentation for its layout).
    public var descriptor: [Float]
    public var filter: String?
    public var createdAt: Date
    public var expiresAt: Date
    /// The post or story that consumed this media, once used.
    public var usedBy: MosaicID?

    public init(id: MediaID, ownerID: UserID, type: String = "image", width: Int, height: Int,
                variants: [String], placeholder: String, descriptor: [Float] = [], filter: String? = nil,
                createdAt: Date, expiresAt: Date, usedBy: MosaicID? = nil) {
        self.id = id; self.ownerID = ownerID; self.type = type; self.width = width; self.height = height
        self.variants = variants; self.placeholder = placeholder; self.descriptor = descriptor; self.filter = filter
        self.createdAt = createdAt; self.expiresAt = expiresAt; self.usedBy = usedBy
    }
}

/// One item of a carousel.
public struct PostMedia: Sendable, Equatable {
    public var mediaID: MediaID
    public var position: Int
    public var width: Int
    public var height: Int
    public var altText: String
    public var placeholder: String
    public init(mediaID: MediaID, position: Int, width: Int, height: Int, altText: String, placeholder: String) {
        self.mediaID = mediaID; self.position = position; self.width = width; self.height = height
        self.altText = altText; self.placeholder = placeholder
    }
}

public struct Post: Sendable, Equatable {
    public var id: PostID
    public var authorID: UserID
    public var caption: String
    public var hashtags: [String]
    public var mentions: [String]
    public var location: Location?
    public var taggedUserIDs: [UserID]
    public var media: [PostMedia]
    public var likeCount: Int
    public var commentCount: Int
    public var saveCount: Int
    public var shareCount: Int
    /// Times the post was shown and hidden, counted from the event stream (impressions and hides are events,
    /// not rows): Explore's rate features divide by the impressions.
    public var impressionCount: Int
    public var hideCount: Int
    /// Distinct accounts that reported the post; past `ExploreContext.reportLimit` it leaves Explore.
    public var reportCount: Int
    /// Interest category ("food", "travel", …) inferred from hashtags or set by the world generator.
    public var category: String
    /// Regions the post may be recommended in (Explore), as `RegionCode`s; empty: everywhere. The author's
    /// followers see it in their feed and on the profile wherever they are: the restriction is on discovery.
    public var regions: [String]
    public var createdAt: Date
    public var deletedAt: Date?

    public init(id: PostID, authorID: UserID, caption: String, hashtags: [String], mentions: [String],
                location: Location?, taggedUserIDs: [UserID], media: [PostMedia], likeCount: Int = 0,
                commentCount: Int = 0, saveCount: Int = 0, shareCount: Int = 0, impressionCount: Int = 0,
                hideCount: Int = 0, reportCount: Int = 0, category: String = "", regions: [String] = [], createdAt: Date,
                deletedAt: Date? = nil) {
        self.id = id; self.authorID = authorID; self.caption = caption; self.hashtags = hashtags
        self.mentions = mentions; self.location = location; self.taggedUserIDs = taggedUserIDs; self.media = media
        self.likeCount = likeCount; self.commentCount = commentCount; self.saveCount = saveCount
        self.shareCount = shareCount; self.impressionCount = impressionCount; self.hideCount = hideCount
        self.reportCount = reportCount
        self.category = category; self.regions = regions; self.createdAt = createdAt; self.deletedAt = deletedAt
    }
}

public struct Comment: Sendable, Equatable {
    public var id: CommentID
    public var postID: PostID
    public var authorID: UserID
    public var parentID: CommentID?
    public var text: String
    public var likeCount: Int
    public var replyCount: Int
    public var createdAt: Date
    public init(id: CommentID, postID: PostID, authorID: UserID, parentID: CommentID?, text: String,
                likeCount: Int = 0, replyCount: Int = 0, createdAt: Date) {
        self.id = id; self.postID = postID; self.authorID = authorID; self.parentID = parentID; self.text = text
        self.likeCount = likeCount; self.replyCount = replyCount; self.createdAt = createdAt
    }
}

/// The coarse regions accounts live in ("eu", "na", …): Explore's popular-in-region source groups authors by
/// them, the generated worlds place users in them, and users may choose theirs (`PUT /api/v1/me/interests`).
public enum RegionCode {
    /// North America, Europe, South America, Asia, Africa, Middle East, Oceania.
    public static let all = ["na", "eu", "sa", "as", "af", "me", "oc"]

    /// The code as stored (lowercase), or nil when it is not one of `all`.
    public static func canonical(_ raw: String) -> String? {
        let code = raw.lowercased()
        return all.contains(code) ? code : nil
    }

    /// The codes as one bit each (bit i for `all[i]`), so a policy check per visited post is one AND; unknown
    /// codes set no bit.
    public static func mask(_ codes: [String]) -> UInt8 {
        codes.reduce(0) { m, c in all.firstIndex(of: c).map { m | UInt8(1) << UInt8($0) } ?? m }
    }

    /// A region as one byte (1-based index in `all`; 0 for none or unknown), for in-memory tables that must copy
    /// without reference counting.
    public static func code(_ region: String) -> UInt8 { ByteCode.code(region, in: all) }
    /// The region a `code` stands for ("" for 0).
    public static func name(_ code: UInt8) -> String { ByteCode.name(code, in: all) }
}

/// The categories of the interest graph. Posts carry one; users have latent affinities over them.
public enum InterestCategory {
    public static let all = ["food", "travel", "fashion", "pets", "sports", "art", "nature", "cars", "music",
                             "fitness", "architecture", "photography"]

    /// A category as one byte (1-based index in `all`; 0 for none or unknown), for in-memory tables that must
    /// copy without reference counting (Explore's catalogue and candidates).
    public static func code(_ category: String) -> UInt8 { ByteCode.code(category, in: all) }
    /// The category a `code` stands for ("" for 0).
    public static func name(_ code: UInt8) -> String { ByteCode.name(code, in: all) }

    /// A post's category from its hashtags when the author did not set one: the first tag naming a category
    /// or one of its common synonyms.
    public static func infer(hashtags: [String]) -> String {
        for tag in hashtags {
            if all.contains(tag) { return tag }
            if let c = synonyms[tag] { return c }
        }
        return ""
    }

    static let synonyms: [String: String] = [
        "foodie": "food", "dinner": "food", "brunch": "food", "recipe": "food", "coffee": "food",
        "wanderlust": "travel", "trip": "travel", "vacation": "travel", "beach": "travel",
        "ootd": "fashion", "style": "fashion", "outfit": "fashion",
        "dog": "pets", "cat": "pets", "puppy": "pets", "kitten": "pets", "dogsofinstagram": "pets",
        "football": "sports", "soccer": "sports", "basketball": "sports", "running": "fitness", "gym": "fitness",
        "painting": "art", "drawing": "art", "illustration": "art",
        "hiking": "nature", "mountains": "nature", "sunset": "nature", "forest": "nature",
        "car": "cars", "supercar": "cars", "jdm": "cars",
        "concert": "music", "guitar": "music", "vinyl": "music",
    ]
}

/// A name in a short fixed list as one byte: its 1-based position, 0 for none or unknown.
enum ByteCode {
    static func code(_ name: String, in list: [String]) -> UInt8 { list.firstIndex(of: name).map { UInt8($0 + 1) } ?? 0 }
    static func name(_ code: UInt8, in list: [String]) -> String { code == 0 || Int(code) > list.count ? "" : list[Int(code) - 1] }
}
