import Foundation
import GRDB
import MosaicCore

extension SQLiteStore: ExploreViewerStore {
    /// The seven reads in one read transaction (a consistent snapshot, one trip to the pool).
    public func exploreViewerState(_ viewer: UserID, engagedLimit: Int, dismissedLimit: Int) async throws -> ExploreViewerState {
        try await read { db in
            ExploreViewerState(user: try Self.userByID(db, id: viewer), followees: try Self.followeeIDs(db, user: viewer),
                               blocked: try Self.blockedEitherWay(db, user: viewer),
                               recentlyEngaged: try Self.recentlyEngagedPosts(db, user: viewer, limit: engagedLimit),
                               interests: try Self.interests(db, user: viewer),
                               dismissed: try Self.dismissedPosts(db, user: viewer, limit: dismissedLimit),
                               restrictedCategories: try Self.restrictedCategories(db, user: viewer))
        }
    }
}
