import Foundation
import MosaicCore

/// Approximate nearest-neighbour retrieval over item vectors (the HNSW index), with the policy applied inside
/// the traversal through `allow` so recall holds when many neighbours are filtered out.
public protocol ItemRetrieval: Sendable {
    func nearest(to vector: [Float], k: Int, allow: @escaping @Sendable (PostID) -> Bool) async throws -> [(PostID, Float)]
    /// A post's item vector (unit length), for MMR and trial cohorts.
    func itemVector(_ post: PostID) -> [Float]?
}

/// The viewer's embedding (user tower + session delta). Nil when unknown (a new user, or the model is missing).
public protocol UserVectors: Sendable {
    func vector(for user: UserID, context: ExploreContext) async throws -> [Float]?
}

/// Posts whose engagement velocity beats their creator's baseline right now, per category.
public protocol TrendingPosts: Sendable {
    func trending(now: Date) -> [(post: PostID, category: String, velocity: Float)]
}

/// Posts engaged by accounts the viewer engages with (the graph source).
public protocol GraphSignals: Sendable {
    func engagedByNeighbours(of viewer: UserID, since: Date, limit: Int) async throws -> [(post: PostID, strength: Float, via: UserID)]
}
