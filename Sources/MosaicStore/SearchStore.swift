import Foundation
import MosaicCore

/// A user that matched a query, with what ranking needs.
public struct UserMatch: Sendable, Equatable {
    public var id: UserID
    public var username: String
    public var fullName: String
    public var followerCount: Int
    /// True when found by prefix; false when only by shared trigrams (a likely typo).
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
public protocol SearchStore: Sendable {
    /// Users whose username or a word of the full name starts with `query` (normalised lower case).
    func usersByPrefix(_ query: String, limit: Int) async throws -> [UserMatch]
    /// Users whose username shares trigrams with `query`: the typo-tolerant fallback.
    func usersByTrigrams(_ query: String, limit: Int) async throws -> [UserMatch]
    /// Users whose username starts with `prefix`, in username order: typo candidates around a misspelt start.
    func usersByUsernameRange(prefix: String, limit: Int) async throws -> [UserMatch]
    /// Hashtags starting with `prefix`, most used first.
    func hashtags(prefix: String, limit: Int) async throws -> [TagCount]
    /// Locations whose name starts with `prefix`, most used first.
    func locations(prefix: String, limit: Int) async throws -> [LocationCount]
}
