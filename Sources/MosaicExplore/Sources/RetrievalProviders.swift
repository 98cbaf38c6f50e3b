import Foundation
import MosaicCore
import MosaicVectors

/// Approximate nearest-neighbour retrieval over item vectors (the HNSW index), with the policy applied inside
/// the traversal so recall holds when many neighbours are filtered out.
public protocol ItemRetrieval: Sendable {
    func nearest(to vector: [Float], k: Int, policy: RetrievalPolicy) async throws -> [(PostID, Float)]
    /// A post's item vector (unit length), for MMR and trial cohorts.
    func itemVector(_ post: PostID) -> [Float]?
    /// The item vectors of `posts` as rows of one matrix (zero rows where a post has none) and which were found:
    /// MMR reads 200 per request. Default: `itemVector` per post.
    func itemVectors(_ posts: [PostID]) -> (dimension: Int, rows: [Float], found: [Bool])
}

extension ItemRetrieval {
    public func itemVectors(_ posts: [PostID]) -> (dimension: Int, rows: [Float], found: [Bool]) {
        let each = posts.map(itemVector)
        let dimension = each.lazy.compactMap { $0?.count }.first ?? 0
        var rows = [Float](repeating: 0, count: posts.count * dimension)
        for (i, v) in each.enumerated() where v?.count == dimension { rows.replaceSubrange(i * dimension..<(i + 1) * dimension, with: v!) }
        return (dimension, rows, each.map { $0?.count == dimension && dimension > 0 })
    }
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

/// What one request's nearest-neighbour search may return, in two forms: `allows(_:)` decides for any post ID
/// (by a lookup), `allows(_:attributes:)` from the `PolicyFacts` an index keeps as node attributes
/// (`TwoTowerRetrieval.mirror`), which the traversal has in hand. An index that keeps no facts uses the first.
public struct RetrievalPolicy: Sendable {
    public let allows: @Sendable (PostID) -> Bool
    public let fromAttributes: (@Sendable (PostID, NodeAttributes) -> Bool)?

    public init(allows: @escaping @Sendable (PostID) -> Bool,
                fromAttributes: (@Sendable (PostID, NodeAttributes) -> Bool)? = nil) {
        self.allows = allows; self.fromAttributes = fromAttributes
    }

    /// The viewer's policy on posts of the catalogue newer than `since`.
    public init(context: ExploreContext, catalog: PostCatalog, since: Date) {
        let seconds = PolicyFacts.seconds(since)
        allows = { catalog.allows($0, since: since, policy: context) }
        fromAttributes = { context.allows($0, attributes: $1, since: seconds) }
    }

    public static let everything = RetrievalPolicy(allows: { _ in true })
}
