import Foundation
import MosaicCore
import MosaicStore
import Synchronization

/// What user search needs to know about a viewer — the accounts they follow (with names, to match the query
/// against) and the accounts hidden from them by blocks — cached per viewer for a minute. A person types a query a
/// letter at a time and every letter is a search; reading their follow list once per keystroke was a third of
/// each query's time at 1 M users. Follows, unfollows and blocks drop the entry at once (blocks must hide
/// immediately); an unblock may take up to the lifetime to show, which fails closed.
final class SearchContexts: Sendable {
    struct Context: Sendable {
        let followed: [UserMatch]
        /// Each followed account's full-name words, lower-cased once here rather than on every keystroke.
        let followedWords: [[String]]
        let followedIDs: Set<UserID>
        let blocked: Set<UserID>
        let loadedAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[UserID: Context]>([:])
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(60), capacity: Int = 20_000) {
        self.lifetime = lifetime; self.capacity = capacity
    }

    func context(for viewer: UserID, store: any Services.Store) async throws -> Context {
        let now = ContinuousClock.now
        if let c = entries.withLock({ $0[viewer] }), now - c.loadedAt < lifetime { return c }
        async let followed = store.followedAccounts(of: viewer, limit: 7_500)
        async let blocked = store.blockedEitherWay(viewer)
        let f = try await followed
        let words = f.map { $0.fullName.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init) }
        let c = Context(followed: f, followedWords: words, followedIDs: Set(f.map(\.id)), blocked: try await blocked, loadedAt: now)
        entries.withLock { e in
            if e.count >= capacity { e = e.filter { now - $0.value.loadedAt < lifetime } }
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[viewer] = c
        }
        return c
    }

    func invalidate(_ users: UserID...) {
        entries.withLock { e in for u in users { e[u] = nil } }
    }
}

/// Drops a viewer's cached search context when their follows or blocks change.
struct SearchContextObserver: SocialObserver {
    let contexts: SearchContexts
    func didFollow(follower: UserID, followee: UserID, state: FollowState) async { contexts.invalidate(follower) }
    func didUnfollow(follower: UserID, followee: UserID) async { contexts.invalidate(follower) }
    func didBlock(blocker: UserID, blocked: UserID) async { contexts.invalidate(blocker, blocked) }
}
