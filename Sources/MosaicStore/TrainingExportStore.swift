import Foundation
import MosaicCore

/// One engagement as model training reads it.
public struct EngagementRow: Sendable, Equatable {
    public enum Kind: String, Sendable { case like, save, comment, share }
    public var user: UserID
    public var post: PostID
    public var kind: Kind
    public var at: Date

    public init(user: UserID, post: PostID, kind: Kind, at: Date) {
        self.user = user; self.post = post; self.kind = kind; self.at = at
    }
}

/// Bulk reads for training the recommendation models from the service's own data: the engagement log and the
/// content features of posts. Separate from the request-path protocols because these scan whole tables.
public protocol TrainingExportStore: Sendable {
    /// Likes, saves, comments and shares made at or after `since`, oldest first: the most recent `limit` of them.
    func engagementLog(since: Date, limit: Int) async throws -> [EngagementRow]
    /// The visual descriptor of each post's first image (posts without one are absent).
    func firstMediaDescriptors(posts: [PostID]) async throws -> [PostID: [Float]]
}
