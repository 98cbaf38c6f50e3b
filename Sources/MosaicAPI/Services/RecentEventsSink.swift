import Foundation
import Synchronization

/// An in-memory ring of the most recent events: what a process without the durable event log keeps
/// (tests of the HTTP layer alone). The server installs the durable log at start-up.
public final class RecentEventsSink: EngagementSink {
    private let ring = Mutex<[EngagementEvent]>([])
    private let capacity: Int
    public init(capacity: Int = 10_000) { self.capacity = capacity }
    public func append(_ events: [EngagementEvent]) async throws {
        ring.withLock { r in
            r.append(contentsOf: events)
            if r.count > capacity { r.removeFirst(r.count - capacity) }
        }
    }
    public var recent: [EngagementEvent] { ring.withLock { $0 } }
}
