import Foundation
import MosaicCore

/// Scores candidate posts for one reader (higher first). Called once per ranked page with the whole
/// candidate window, so implementations batch their feature reads and model passes.
public protocol FeedScorer: Sendable {
    func scores(viewer: UserID, posts: [Post], now: Date) async throws -> [Float]
}
