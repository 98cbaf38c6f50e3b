import Foundation
import MosaicCore

/// A new account as the sign-up flow hands it to storage: the ID (which fixes the user's shard) and the
/// password hash are made by the caller.
public struct NewAccount: Sendable {
    public var id: UserID
    public var username: String
    public var passwordHash: String
    public var fullName: String
    public var email: String?
    public var region: String
    public var isPrivate: Bool
    public var isVerified: Bool
    public var createdAt: Date
    public init(id: UserID, username: String, passwordHash: String, fullName: String = "", email: String? = nil,
                region: String = "", isPrivate: Bool = false, isVerified: Bool = false, createdAt: Date) {
        self.id = id; self.username = username; self.passwordHash = passwordHash; self.fullName = fullName
        self.email = email; self.region = region; self.isPrivate = isPrivate; self.isVerified = isVerified
        self.createdAt = createdAt
    }
}

public struct ProfileChanges: Sendable {
    public var fullName: String?
    public var bio: String?
    public var isPrivate: Bool?
    public var profilePicMediaID: MediaID?
    /// One of `RegionCode.all` (the caller validates it).
    public var region: String?
    public init(fullName: String? = nil, bio: String? = nil, isPrivate: Bool? = nil, profilePicMediaID: MediaID? = nil,
                region: String? = nil) {
        self.fullName = fullName; self.bio = bio; self.isPrivate = isPrivate; self.profilePicMediaID = profilePicMediaID
        self.region = region
    }
}

/// Accounts, credentials and sessions.
public protocol AccountStore: Sendable {
    /// Throws 409 `username_taken` when the (case-folded) username or the email exists.
    func createAccount(_ account: NewAccount) async throws -> User
    func user(id: UserID) async throws -> User?
    func user(username: String) async throws -> User?
    func users(ids: [UserID]) async throws -> [UserID: User]
    func updateProfile(id: UserID, _ changes: ProfileChanges, at: Date) async throws -> User
    func passwordHash(username: String) async throws -> (UserID, String)?
    func createSession(userID: UserID, tokenHash: [UInt8], createdAt: Date, expiresAt: Date) async throws
    /// The session's user, if the token hash is known and unexpired at `now`.
    func sessionUser(tokenHash: [UInt8], now: Date) async throws -> UserID?
    func deleteSession(tokenHash: [UInt8]) async throws
    /// Records activity; the feed uses it to tell active from inactive followers.
    func touch(userID: UserID, at: Date) async throws
    func userCount() async throws -> Int
    /// Interests the user chose (cold start): categories from `InterestCategory.all`.
    func setInterests(user: UserID, _ categories: [String]) async throws
    func interests(user: UserID) async throws -> [String]
    /// Categories the user asked Explore never to show (replaced as a whole).
    func setRestrictedCategories(user: UserID, _ categories: [String]) async throws
    func restrictedCategories(user: UserID) async throws -> [String]
}
