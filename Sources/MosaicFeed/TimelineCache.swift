import MosaicCore
import MosaicStore

/// Per-user capped lists of post IDs, newest kept. A timeline is a cache of what fan-out wrote: it can be
/// dropped at any time and reloaded from the durable `FeedStore` (or rebuilt by pull), so nothing here is
/// the only copy of anything.
public protocol TimelineCache: Sendable {
    var capacity: Int { get }
    func isLoaded(_ user: UserID) -> Bool
    /// Starts loading a user's timeline: from now on inserts for `user` are kept, so entries fanned out
    /// while the loader reads the store are not lost when `load` lands.
    func reserve(_ user: UserID)
    /// Merges entries (any order) into a user's timeline, creating it if needed; the newest `capacity` stay.
    func load(_ user: UserID, entries: [TimelineEntry])
    /// Inserts one post into many timelines; returns how many timelines changed. Timelines not loaded are
    /// skipped unless `createMissing` (then they start empty): the store holds their copy.
    @discardableResult
    func insert(_ entry: TimelineEntry, into users: [UserID], createMissing: Bool) -> Int
    /// Up to `limit` entries with post ID below `before`, newest first; nil when the timeline is not loaded.
    func entries(of user: UserID, before: PostID?, limit: Int) -> [TimelineEntry]?
    /// Entries held for `user`; nil when the timeline is not loaded.
    func count(of user: UserID) -> Int?
    func remove(post: PostID, from users: [UserID])
    func removeAuthor(_ author: UserID, from user: UserID)
    func evict(_ user: UserID)
    /// Loaded timelines and the entries they hold (for the benchmark's memory column).
    func statistics() -> (timelines: Int, entries: Int)
}
