import Foundation
import MosaicCore

/// Follow edges, follow requests and blocks. Follower counts are kept exact in the same transaction.
public protocol GraphStore: Sendable {
    /// Follows, or records a request when `requiresApproval`. Idempotent; returns the resulting state.
    func follow(follower: UserID, followee: UserID, edgeID: MosaicID, requiresApproval: Bool, at: Date) async throws -> FollowState
    /// Removes a follow or a pending request. Returns true if anything was removed.
    @discardableResult
    func unfollow(follower: UserID, followee: UserID) async throws -> Bool
    /// Approves (turns into a follow) or denies a pending request. False when there was no such request.
    func resolveFollowRequest(owner: UserID, requester: UserID, approve: Bool, edgeID: MosaicID, at: Date) async throws -> Bool
    func followRequests(owner: UserID, page: PageRequest) async throws -> Page<UserID>
    /// Blocks: removes follows and pending requests in both directions.
    func block(blocker: UserID, blocked: UserID, at: Date) async throws
    func unblock(blocker: UserID, blocked: UserID) async throws
    func relationship(viewer: UserID, target: UserID) async throws -> Relationship
    func followers(of user: UserID, page: PageRequest) async throws -> Page<UserID>
    func following(of user: UserID, page: PageRequest) async throws -> Page<UserID>
    func followeeIDs(of user: UserID) async throws -> [UserID]
    func followerIDs(of user: UserID) async throws -> [UserID]
    /// Accounts the user blocked or was blocked by: hidden from each other everywhere.
    func blockedEitherWay(_ user: UserID) async throws -> Set<UserID>
    /// Accounts among `candidates` that `viewer` follows (approved).
    func followedAmong(viewer: UserID, candidates: [UserID]) async throws -> Set<UserID>
    /// Counts `viewer` opening `profile`: an affinity signal (story ring order, search ranking) that needs no follow.
    func recordProfileVisit(viewer: UserID, profile: UserID, at: Date) async throws
    /// How often `viewer` opened each of `profiles` (absent: never).
    func profileVisits(viewer: UserID, among profiles: [UserID]) async throws -> [UserID: Int]
}
