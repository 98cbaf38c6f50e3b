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
    /// Adds the live posts of one start-up batch that the index does not hold yet; returns how many of the batch
    /// the index holds now.
    func index(_ posts: [Post], authors: [UserID: User], into retrieval: TwoTowerRetrieval,
               store export: any TrainingExportStore) async throws -> Int {
        let live = posts.filter { $0.deletedAt == nil && !retrieval.index.contains(id: $0.id.rawValue) }
        let descriptors = try await export.firstMediaDescriptors(posts: live.map(\.id))
        retrieval.add(live.map { (post: $0, followers: authors[$0.authorID]?.followerCount ?? 0, descriptor: descriptors[$0.id] ?? []) })
        return posts.count
    }
}
