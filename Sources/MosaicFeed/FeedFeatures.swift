import Foundation

/// What the ranker knows about one (reader, post) pair, in the seed's categories. Training (from the
/// engagement log) and serving (from the store) fill the same struct and share `FeedFeatures.write`, so the
/// model never sees features computed two different ways.
public struct FeedSignals: Sendable, Equatable {
    // Relationship: the reader's past actions on this author's posts, messages and profile visits.
    public var likesOfAuthor: Float = 0
    public var commentsOnAuthor: Float = 0
    public var savesOfAuthor: Float = 0
    public var sharesOfAuthor: Float = 0
    /// Direct messages exchanged between reader and author (one-to-one thread, both directions).
    public var messagesWithAuthor: Float = 0
    /// The reader's visits to the author's profile.
    public var profileVisitsToAuthor: Float = 0
    // Interest: share of the reader's engagement that went to this post's category, and its volume.
    public var categoryShare: Float = 0
    public var categoryActions: Float = 0
    public var readerActions: Float = 0
    // Timeliness.
    public var ageHours: Float = 0
    // Popularity: counts so far and like velocity.
    public var likes: Float = 0
    public var comments: Float = 0
    public var saves: Float = 0
    // Creator.
    public var authorFollowers: Float = 0
    public var authorVerified: Float = 0
    public init() {}
}

public enum FeedFeatures {
    public static let names = [
        "rel_likes", "rel_comments", "rel_saves", "rel_shares", "rel_any",
        "int_category_share", "int_category_actions", "int_reader_actions",
        "time_log_age_h", "time_fresh_6h",
        "pop_likes", "pop_comments", "pop_saves", "pop_like_velocity",
        "cre_followers", "cre_verified",
        "rel_messages", "rel_profile_visits",
    ]
    public static var count: Int { names.count }

    /// Writes one row (`count` floats) starting at `row[0]`. Counts are log-compressed: the model cares
    /// about "none, a few, many", not about 3 versus 4 thousand.
    @inline(__always)
    public static func write(_ s: FeedSignals, into row: UnsafeMutablePointer<Float>) {
        let rel = s.likesOfAuthor + s.commentsOnAuthor + s.savesOfAuthor + s.sharesOfAuthor
        row[0] = log1pf(s.likesOfAuthor); row[1] = log1pf(s.commentsOnAuthor)
        row[2] = log1pf(s.savesOfAuthor); row[3] = log1pf(s.sharesOfAuthor); row[4] = rel > 0 ? 1 : 0
        row[5] = s.categoryShare; row[6] = log1pf(s.categoryActions); row[7] = log1pf(s.readerActions)
        let age = max(s.ageHours, 0)
        row[8] = log1pf(age); row[9] = age < 6 ? 1 : 0
        row[10] = log1pf(s.likes); row[11] = log1pf(s.comments); row[12] = log1pf(s.saves)
        row[13] = log1pf(s.likes / (age + 1))
        row[14] = log1pf(s.authorFollowers); row[15] = s.authorVerified
        row[16] = log1pf(s.messagesWithAuthor); row[17] = log1pf(s.profileVisitsToAuthor)
    }
}
