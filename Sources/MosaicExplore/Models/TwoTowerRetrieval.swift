import Foundation
import MosaicCore
import MosaicML
import MosaicStore
import MosaicVectors
import Synchronization

/// Explore's learned retrieval: the two-tower model's item vectors in a sharded HNSW index (inner product on
/// unit vectors), queried with the viewer's user-tower vector moved by their session (`base + 0.3 · delta`).
/// Posts are indexed once at start-up and one by one as they are published, so a new post is searchable as
/// soon as its vector is computed (the freshness requirement), without waiting for retraining.
public final class TwoTowerRetrieval: ItemRetrieval, UserVectors {
    public let model: TwoTowerModel
    public let index: ShardedIndex
    let store: any EngagementStore
    let efSearch: Int
    let searchThreads: Int
    /// Set by `mirror`: the catalogue whose facts the index's node attributes follow.
    private let mirroredCatalog = Mutex<PostCatalog?>(nil)

    /// `index` reuses a saved index of this model's vectors (see `snapshotDirectory`); otherwise an empty one.
    public init(model: TwoTowerModel, store: any EngagementStore, index: ShardedIndex? = nil, shards: Int = 2,
                parameters: HNSWParameters = HNSWParameters(M: 16, efConstruction: 100, efSearch: 64), searchThreads: Int = 2) {
        self.model = model
        self.store = store
        self.index = index ?? ShardedIndex(shardCount: shards, dimension: model.configuration.outputDimension,
                                           metric: .innerProduct, parameters: parameters)
        self.efSearch = parameters.efSearch
        self.searchThreads = searchThreads
    }

    /// A post as the item tower sees it now: its trained ID row if it had engagement in training, else content only.
    public func input(_ post: Post, authorFollowers: Int, descriptor: [Float], engagements: Int = 0) -> ItemTowerInput {
        let features = RetrievalCorpus.itemFeatures(post, authorFollowers: authorFollowers,
                                                    descriptor: Self.fitted(descriptor, model.contentDimension))
        return ItemTowerInput(index: model.itemIndex(of: RetrievalCorpus.key(post.id)), features: features,
                              engagements: engagements, recentEngagements: engagements)
    }

    /// Where a data folder keeps the index of this model's vectors between runs.
    public static func snapshotDirectory(data: String) -> String { (data as NSString).appendingPathComponent("indexes/retrieval") }

    /// The saved index, if it holds vectors of exactly this model version.
    public static func loadSnapshot(data: String, model: TwoTowerModel, shards: Int = 2) -> ShardedIndex? {
        let dir = snapshotDirectory(data: data)
        guard (try? String(contentsOfFile: dir + "/model-version", encoding: .utf8)) == model.version else { return nil }
        return try? ShardedIndex.load(fromDirectory: dir, shardCount: shards)
    }

    /// Saves the index with the model version it belongs to (a restart then skips re-indexing).
    public func saveSnapshot(data: String) throws {
        let dir = Self.snapshotDirectory(data: data)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: dir + "/model-version")
        try index.save(toDirectory: dir)
        try model.version.write(toFile: dir + "/model-version", atomically: true, encoding: .utf8)
    }

    /// Start-up: every post's vector in batches, inserted with `threads` workers. Posts already in the index
    /// (a loaded snapshot) are skipped.
    public func add(_ posts: [(post: Post, followers: Int, descriptor: [Float])], threads: Int = 2) {
        let posts = posts.filter { !index.contains(id: $0.post.id.rawValue) }
        let batch = 4_096
        for start in stride(from: 0, to: posts.count, by: batch) {
            let part = posts[start..<min(start + batch, posts.count)]
            let inputs = part.map { input($0.post, authorFollowers: $0.followers, descriptor: $0.descriptor,
                                          engagements: $0.post.likeCount + $0.post.saveCount + $0.post.commentCount) }
            let vectors = model.itemVectors(inputs)
            index.insert(ids: part.map(\.post.id.rawValue), vectors: VectorMatrix(dimension: vectors.columns, storage: vectors.values),
                         threads: threads)
            mirroredCatalog.withLock { $0 }?.republishFacts(part.map(\.post.id))
        }
    }

    /// A newly published post: one item-tower pass and one HNSW insert.
    public func add(_ post: Post, authorFollowers: Int, descriptor: [Float]) {
        index.insert(id: post.id.rawValue, vector: model.itemVector(input(post, authorFollowers: authorFollowers, descriptor: descriptor)))
        mirroredCatalog.withLock { $0 }?.republishFacts([post.id])
    }

    /// Keeps every post's `PolicyFacts` from `catalog` as its node's attributes from now on, so a search decides
    /// the policy from the node records it fetches anyway (`RetrievalPolicy.fromAttributes`) instead of a
    /// catalogue lookup per post: that lookup (a cache miss and a lock each, about 5,000 per request) was a
    /// third of the ANN's time at 1 M posts. Posts indexed later get their facts once inserted (`add`).
    /// Locks: the sink runs under a catalogue shard lock and takes the index's shared lock; a policy without the
    /// attribute form makes the search take them the other way round (index shared, then catalogue), which only
    /// a writer-preferring read-write lock could deadlock (glibc's prefers readers; the funnel always passes the
    /// attribute form).
    public func mirror(_ catalog: PostCatalog) {
        let index = self.index
        mirroredCatalog.withLock { $0 = catalog }
        catalog.mirrorFacts { id, facts in index.setAttributes(facts.attributes, for: id.rawValue) }
    }

    /// Deleted posts leave the index (a tombstone; the policy filter would hide them anyway).
    public func remove(_ post: PostID) { _ = index.remove(id: post.rawValue) }

    public func nearest(to vector: [Float], k: Int, policy: RetrievalPolicy) async throws -> [(PostID, Float)] {
        // Each shard holds a random share of the posts, so how many of the true top k one shard holds is
        // binomial around k / shards with standard deviation ≤ √(k / shards): it is asked for its share plus
        // four deviations (k 2,000 over 2 shards: 1,000 + 126 + 16; the margin was k / 4 before, 1,266).
        let shards = index.shardCount
        let share = k / shards
        let perShard = shards == 1 ? k : min(k, share + 4 * Int(Double(share).squareRoot().rounded(.up)) + 16)
        let ef = max(perShard, efSearch)
        let hits: [Neighbor]
        if mirroredCatalog.withLock({ $0 != nil }), let decide = policy.fromAttributes {
            hits = index.search(vector, k: k, perShard: perShard, ef: ef, threads: searchThreads) { decide(PostID(rawValue: $0), $1) }
        } else {
            let allow = policy.allows
            hits = index.search(vector, k: k, perShard: perShard, ef: ef, threads: searchThreads) { allow(PostID(rawValue: $0)) }
        }
        return hits.map { (PostID(rawValue: $0.id), 1 - $0.distance) }
    }

    public func itemVector(_ post: PostID) -> [Float]? { index.shard(for: post.rawValue).vector(for: post.rawValue) }

    public func itemVectors(_ posts: [PostID]) -> (dimension: Int, rows: [Float], found: [Bool]) {
        let d = index.dimension
        guard !posts.isEmpty else { return (d, [], []) }
        var rows = [Float](repeating: 0, count: posts.count * d)
        let found = rows.withUnsafeMutableBufferPointer { index.copyVectors(posts.map(\.rawValue), into: $0.baseAddress!) }
        return (d, rows, found)
    }

    /// The viewer's query vector from their engagement history (newest 200); nil for a user the model cannot
    /// place (no trained row and no history), whom the funnel serves from chosen interests instead.
    public func vector(for user: UserID, context: ExploreContext) async throws -> [Float]? {
        let recent = context.viewer == user && !context.recentlyEngaged.isEmpty
            ? Array(context.recentlyEngaged.prefix(model.configuration.historyLimit))
            : try await store.recentlyEngagedPosts(user: user, limit: model.configuration.historyLimit)
        let history = recent.reversed().compactMap { model.itemIndex(of: RetrievalCorpus.key($0)) }
        let row = model.userIndex(of: RetrievalCorpus.key(user))
        guard row != nil || !history.isEmpty else { return nil }
        let input = UserTowerInput(index: row, history: history, session: Array(history.suffix(model.configuration.sessionLength)),
                                   features: UserFeatures(region: context.region.isEmpty ? nil : context.region),
                                   hour: Calendar(identifier: .gregorian).component(.hour, from: context.now))
        var base = input
        base.session = []
        let both = model.userVectors([input, base])
        let withSession = both.row(0), long = both.row(1)
        return TwoTowerModel.queryVector(base: long, delta: zip(withSession, long).map { $0 - $1 })
    }

    static func fitted(_ d: [Float], _ n: Int) -> [Float] {
        d.count == n ? d : Array(d.prefix(n)) + [Float](repeating: 0, count: max(0, n - d.count))
    }
}
