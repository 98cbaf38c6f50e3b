/// State derived from the event log (counters, trends, session context, trial audiences) that an
/// `EventConsumer` keeps up to date exactly once.
///
/// Exactly-once works by making the offset commit atomic with the state: the consumer persists
/// `checkpoint()` and the next offset together in one atomically replaced file, and on start `restore`s that
/// state and resumes reading after it. Events applied after the last checkpoint are lost with the process and
/// applied again from the log, so every event's effect is in the state exactly once.
///
/// A projection whose state lives elsewhere (a database table) instead stores the offset inside its own
/// transaction, returns that offset from `restore`, and skips events at or below it (idempotent by offset).
public protocol EventProjection: AnyObject, Sendable {
    /// Applies events in offset order. Called by one consumer at a time, never concurrently.
    func apply(_ events: [LoggedEvent]) async throws
    /// The state as bytes, stored with the offset at every commit. Must reflect every event applied so far.
    func checkpoint() async throws -> [UInt8]
    /// Replaces the state with a checkpoint's (nil: no checkpoint yet, start empty). Returns the offset the
    /// projection itself has applied through, when it tracks one (external state); nil to trust the consumer's.
    func restore(from checkpoint: [UInt8]?) async throws -> UInt64?
}
