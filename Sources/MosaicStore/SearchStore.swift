import Foundation
import MosaicCore

/// A user that matched a query, with what ranking needs.
public struct UserMatch: Sendable, Equatable {
    public var id: UserID
    public var username: String
    public var fullName: String
    public var followerCount: Int
    /// True when found by prefix; false when only through a typo variant.
    public var prefixMatch: Bool
}

public struct TagCount: Sendable, Equatable {
    public var name: String
    public var postCount: Int
}

public struct LocationCount: Sendable, Equatable {
    public var name: String
    public var lat: Double?
    public var lng: Double?
    public var postCount: Int
}

/// Candidate retrieval for search; ranking by relationship and popularity happens above the store.
/// Every method is a bounded index walk (no scan that grows with the population), so search stays fast at 1 M users.
public protocol SearchStore: Sendable {
    /// Users whose username, an inner word of the username (after `_` or `.`) or a word of the full name starts
    /// with `query` (normalised lower case); the most followed of each bounded walk first.
    func usersByPrefix(_ query: String, limit: Int) async throws -> [UserMatch]
    /// For each of `prefixes` (typo variants of a query), up to `perPrefix` users whose username starts with it,
    /// all in one read: the typo-tolerant path, one B-tree seek per variant.
    func usersByUsernamePrefixes(_ prefixes: [String], perPrefix: Int) async throws -> [UserMatch]
    /// The first of `prefixes` whose username range holds at most `atMost` accounts, with all of them: a typo
    /// past that prefix is found by reading the range once instead of probing each variant.
    func usersInFirstNarrowRange(_ prefixes: [String], atMost: Int) async throws -> (prefixIndex: Int, users: [UserMatch])?
    /// The accounts `viewer` follows (at most `limit`), with what search ranks by: the viewer's side of
    /// "relationship first", loaded once per typing session rather than once per keystroke.
    func followedAccounts(of viewer: UserID, limit: Int) async throws -> [UserMatch]
    /// Hashtags starting with `prefix`, most used first.
    func hashtags(prefix: String, limit: Int) async throws -> [TagCount]
    /// Locations whose name starts with `prefix`, most used first.
    func locations(prefix: String, limit: Int) async throws -> [LocationCount]
}
