import Foundation
import MosaicCore
import MosaicExplore
import MosaicStore

/// Keeps Explore's ANN index in step with posting: a new post's item vector is computed from its content and
/// inserted before the 201 leaves (searchable at once, with no engagement yet); a deleted post is tombstoned.
struct RetrievalIndexObserver: SocialObserver {
    let retrieval: TwoTowerRetrieval
    let store: any TrainingExportStore

    func didCreatePost(_ post: Post, author: User) async throws {
        let descriptor = try await store.firstMediaDescriptors(posts: [post.id])[post.id] ?? []
        retrieval.add(post, authorFollowers: author.followerCount, descriptor: descriptor)
    }
    func didDeletePost(_ post: PostID, author: UserID) async { retrieval.remove(post) }
}

extension Services {
    /// Indexes every catalog post for retrieval (start-up) and follows new posts from then on. Returns the count.
    public func index(into retrieval: TwoTowerRetrieval) async throws -> Int {
        guard let export = store as? any TrainingExportStore else { return 0 }
        var n = 0
        for try await (posts, authors) in recentPostBatches() {
            let live = posts.filter { $0.deletedAt == nil && !retrieval.index.contains(id: $0.id.rawValue) }
            n += posts.count - live.count
            let descriptors = try await export.firstMediaDescriptors(posts: live.map(\.id))
            retrieval.add(live.map { (post: $0, followers: authors[$0.authorID]?.followerCount ?? 0, descriptor: descriptors[$0.id] ?? []) })
            n += live.count
        }
        hooks.add(RetrievalIndexObserver(retrieval: retrieval, store: export))
        return n
    }
}
