import Foundation
import MosaicCore

/// One ranked Explore item with its provenance: which source found it and why it is shown.
public struct ExploreItem: Sendable {
    public var post: Post
    public var source: String
    public var reasons: [String]
    public var score: Double
    public init(post: Post, source: String, reasons: [String], score: Double) {
        self.post = post; self.source = source; self.reasons = reasons; self.score = score
    }
}

/// Explore as the HTTP route sees it: a page for a viewer, continuing the snapshot named by `cursor`.
/// `servedBy` names the path that produced the page (`funnel`, `light_ranker`, `session_interests`,
/// `popular_graph`, `popular`), so degradation is visible to clients and dashboards.
public protocol ExploreService: Sendable {
    func page(viewer: UserID, cursor: [UInt64]?, limit: Int) async throws -> (items: [ExploreItem], cursor: [UInt64]?, servedBy: String)
}
