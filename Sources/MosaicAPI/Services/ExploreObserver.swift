import Foundation
import MosaicCore
import MosaicExplore
import MosaicStore

/// Keeps Explore's in-process catalog in step with the store: new posts are candidates at once (the hot
/// pool), deletions and privacy changes take effect on the next request, counters follow the store's likes,
/// comments, saves and shares (impressions and hides come from the event log: `CatalogEventCounters`).
struct ExploreObserver: SocialObserver {
    let catalog: PostCatalog
    let store: any AccountStore

    func didCreatePost(_ post: Post, author: User) async throws { catalog.upsert(CatalogEntry(post: post, author: author)) }
    func didDeletePost(_ post: PostID, author: UserID) async { catalog.remove(post) }
    func didLike(user: UserID, post: Post) async { catalog.update(post.id) { $0.likes += 1 } }
    func didUnlike(user: UserID, post: Post) async { catalog.update(post.id) { $0.likes = max(0, $0.likes - 1) } }
    func didSave(user: UserID, post: Post) async { catalog.update(post.id) { $0.saves += 1 } }
    func didUnsave(user: UserID, post: Post) async { catalog.update(post.id) { $0.saves = max(0, $0.saves - 1) } }
    func didComment(_ comment: Comment, post: Post, parentAuthor: UserID?) async { catalog.update(post.id) { $0.comments += 1 } }
    func didShare(user: UserID, post: Post, to: [UserID]) async { catalog.update(post.id) { $0.shares += 1 } }
    func didChangePrivacy(user: UserID, isPrivate: Bool) async { catalog.updateAuthor(user) { $0.authorPrivate = isPrivate } }
    func didChangeRegion(user: UserID, region: String) async { catalog.updateAuthor(user) { $0.authorRegion = region } }
    func didReport(post: PostID) async { catalog.update(post) { $0.reports += 1 } }
}
