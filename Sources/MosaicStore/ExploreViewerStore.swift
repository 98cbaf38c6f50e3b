import Foundation
import MosaicCore

/// Everything Explore reads about its viewer before a run: who they are and follow, who is blocked either way,
/// what they engaged with, chose, hid and restricted.
public struct ExploreViewerState: Sendable {
    public var user: User?
    public var followees: [UserID]
    public var blocked: Set<UserID>
    /// Liked or saved, most recent first.
    public var recentlyEngaged: [PostID]
    public var interests: [String]
    /// Hidden or reported, most recent first.
    public var dismissed: [PostID]
    public var restrictedCategories: [String]

    public init(user: User?, followees: [UserID], blocked: Set<UserID>, recentlyEngaged: [PostID], interests: [String],
                dismissed: [PostID], restrictedCategories: [String]) {
        self.user = user; self.followees = followees; self.blocked = blocked; self.recentlyEngaged = recentlyEngaged
        self.interests = interests; self.dismissed = dismissed; self.restrictedCategories = restrictedCategories
    }
}

/// The viewer state in one call, so an engine can read it in one transaction (SQLite: one reader, no seven
/// hops between the request's task and the connection pool). The default makes the seven calls concurrently.
public protocol ExploreViewerStore: AccountStore, GraphStore, EngagementStore {
    func exploreViewerState(_ viewer: UserID, engagedLimit: Int, dismissedLimit: Int) async throws -> ExploreViewerState
}

extension ExploreViewerStore {
    public func exploreViewerState(_ viewer: UserID, engagedLimit: Int, dismissedLimit: Int) async throws -> ExploreViewerState {
        async let user = user(id: viewer)
        async let followees = followeeIDs(of: viewer)
        async let blocked = blockedEitherWay(viewer)
        async let engaged = recentlyEngagedPosts(user: viewer, limit: engagedLimit)
        async let interests = interests(user: viewer)
        async let dismissed = dismissedPosts(user: viewer, limit: dismissedLimit)
        async let restricted = restrictedCategories(user: viewer)
        return ExploreViewerState(user: try await user, followees: try await followees, blocked: try await blocked,
                                  recentlyEngaged: try await engaged, interests: try await interests,
                                  dismissed: try await dismissed, restrictedCategories: try await restricted)
    }
}
