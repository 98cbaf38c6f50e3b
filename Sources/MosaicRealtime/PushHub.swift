import Foundation
import Logging
import MosaicCore

/// Per-user fan-out of real-time events to every live connection of the recipient, with durable replay.
///
/// - Durability: each durable event is appended to the hub's segmented log (`<data>/push/`) and delivered
///   only once it is durable (`LogDurability`; with `.fsync`, concurrent publishes share one sync by group
///   commit). `publish` returns then. Delivery happens in ID order when a sync completes, so no connection
///   ever sees an event that a crash could take back, or IDs out of order. The log's offset + 1 is the event
///   ID, so IDs are increasing for every user and survive restarts.
/// - Replay: the newest `replayPerUser` events of each user are kept in memory (rebuilt from the log on open).
///   A client that connects with the last ID it saw gets every later event, across disconnects and restarts;
///   if its ID is older than what is still kept, `gap` tells it to resynchronise over REST.
/// - Back-pressure: each connection has a bounded buffer (`bufferPerConnection` frames). A client that falls
///   that far behind is disconnected with `.overflow` rather than buffered without limit; it reconnects with
///   its last event ID and loses nothing.
/// - Heartbeats: the route calls `heartbeat()` on a timer; it yields a heartbeat frame on quiet connections
///   and closes those whose client has shown no activity (`touch`) within `idleTimeout`. Time is the clock's.
/// - Concurrency: an actor; `publish` does a small `pwrite` on it, the sync runs on a Dispatch thread.
public actor PushHub: GroupCommitting {
    public struct Configuration: Sendable {
        public var bufferPerConnection = 256
        public var replayPerUser = 500
        public var segmentBytes: UInt64 = 16 << 20
        public var durability: LogDurability = .fsync
        /// Older segments are deleted while the log is larger than this.
        public var retainBytes: UInt64 = 512 << 20
        public var heartbeatInterval: TimeInterval = 25
        public var idleTimeout: TimeInterval = 75
        public init() {}
    }

    private struct Connection {
        let user: UserID
        let continuation: AsyncStream<PushFrame>.Continuation
        var lastSent: Date
        var lastSeen: Date
    }

    private struct Replay {
        var events: [PushEvent] = []
        /// The highest ID pushed out of `events` by the bound: a client behind it has a gap.
        var evictedThrough: UInt64 = 0
    }

    public let configuration: Configuration
    let segments: SegmentedLog
    let groupCommit: GroupCommit
    /// Written, not yet durable: delivered (in order) when a sync covers them.
    private var undelivered: [PushEvent] = []
    private let clock: any MosaicClock
    private let logger: Logger
    private var connections: [UInt64: Connection] = [:]
    private var byUser: [UserID: Set<UInt64>] = [:]
    private var replay: [UserID: Replay] = [:]
    private var nextConnection: UInt64 = 1
    private var closeReasons: [UInt64: PushCloseReason] = [:]

    /// Opens the hub's log in `directory` and rebuilds each user's replay window from it.
    public init(directory: String, configuration: Configuration = Configuration(), clock: any MosaicClock = SystemClock(),
                logger: Logger = Logger(label: "mosaic.push")) throws {
        precondition(configuration.bufferPerConnection > 0 && configuration.replayPerUser > 0)
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let log = try SegmentedLog(directory: directory,
                                   configuration: .init(segmentBytes: configuration.segmentBytes), logger: logger)
        segments = log
        groupCommit = GroupCommit(durableEnd: log.nextOffset)
        var rebuilt: [UserID: Replay] = [:]
        var at = log.firstOffset
        while at < log.nextOffset {
            let batch = try log.read(from: at, maxRecords: 4096)
            guard let last = batch.last else { break }
            for (offset, payload) in batch {
                let e = try PushEvent(decoding: payload, id: offset + 1)
                Self.remember(e, in: &rebuilt[e.recipient, default: Replay()], bound: configuration.replayPerUser)
            }
            at = last.offset + 1
        }
        replay = rebuilt
    }

    private static func remember(_ e: PushEvent, in r: inout Replay, bound: Int) {
        r.events.append(e)
        if r.events.count > bound * 2 {   // trim in bulk: amortised O(1) per event
            let cut = r.events.count - bound
            r.evictedThrough = r.events[cut - 1].id ?? r.evictedThrough
            r.events.removeFirst(cut)
        }
    }

    // MARK: Connections

    /// Registers a connection for `user`. With `lastEventID`, the subscription's `missed` holds every durable
    /// event with a larger ID; without, only new events are delivered.
    public func connect(user: UserID, lastEventID: UInt64? = nil) -> PushSubscription {
        let id = nextConnection
        nextConnection += 1
        let (stream, continuation) = AsyncStream<PushFrame>.makeStream(
            bufferingPolicy: .bufferingOldest(configuration.bufferPerConnection))
        continuation.onTermination = { [weak self] _ in
            Task { await self?.forget(id) }
        }
        let now = clock.now()
        connections[id] = Connection(user: user, continuation: continuation, lastSent: now, lastSeen: now)
        byUser[user, default: []].insert(id)
        var missed: [PushEvent] = []
        var gap = false
        if let last = lastEventID {
            let r = replay[user] ?? Replay()
            // Events after `last` may be gone if the bound evicted some, or retention removed log segments
            // that the replay window was rebuilt without.
            gap = last < r.evictedThrough || last < segments.firstOffset
            missed = r.events.filter { ($0.id ?? 0) > last }
        }
        // Events up to the durable end were delivered or are in `replay`; later ones reach this connection.
        let resumeFrom = max(groupCommit.durableEnd, missed.last?.id ?? 0)
        return PushSubscription(connectionID: id, missed: missed, gap: gap, resumeFrom: resumeFrom, frames: stream)
    }

    /// Ends a connection (the socket closed). Safe to call twice.
    public func disconnect(_ connectionID: UInt64) {
        end(connectionID, reason: .closed)
    }

    /// Why the hub ended a connection (nil if it is live or unknown). Read once: the entry is then dropped.
    public func closeReason(_ connectionID: UInt64) -> PushCloseReason? {
        closeReasons.removeValue(forKey: connectionID)
    }

    /// Records client activity (a pong or any frame), which keeps the connection past `idleTimeout`.
    public func touch(_ connectionID: UInt64) {
        connections[connectionID]?.lastSeen = clock.now()
    }

    public var connectionCount: Int { connections.count }
    public func connectionCount(for user: UserID) -> Int { byUser[user]?.count ?? 0 }

    private func end(_ id: UInt64, reason: PushCloseReason) {
        guard let c = connections.removeValue(forKey: id) else { return }
        byUser[c.user]?.remove(id)
        if byUser[c.user]?.isEmpty == true { byUser[c.user] = nil }
        if reason != .closed {
            closeReasons[id] = reason
            if closeReasons.count > 10_000 { closeReasons.removeAll() }   // unread reasons of long-gone sockets
        }
        c.continuation.finish()
    }

    private func forget(_ id: UInt64) {
        end(id, reason: .closed)
    }

    private func deliver(_ frame: PushFrame, to id: UInt64, now: Date) {
        guard let c = connections[id] else { return }
        switch c.continuation.yield(frame) {
        case .enqueued:
            connections[id]?.lastSent = now
        case .dropped:
            logger.info("push: slow consumer disconnected", metadata: ["user": "\(c.user)", "connection": "\(id)"])
            end(id, reason: .overflow)
        case .terminated:
            end(id, reason: .closed)
        @unknown default:
            end(id, reason: .closed)
        }
    }

    // MARK: Publishing

    /// Stores one durable event per recipient, and once they are durable delivers each to all of that
    /// recipient's connections. Returns each recipient's event ID. `kind` must be durable. After a failed
    /// sync every publish throws: reopen the hub.
    @discardableResult
    public func publish(_ kind: PushKind, payload: [UInt8], to recipients: [UserID]) async throws -> [UserID: UInt64] {
        precondition(kind.isDurable, "typing indicators go through publishEphemeral")
        if let failure = groupCommit.failure { throw failure }
        let now = clock.now()
        var seen = Set<UserID>()
        let unique = recipients.filter { seen.insert($0).inserted }
        let drafts = unique.map { PushEvent(id: nil, recipient: $0, kind: kind, payload: payload, at: now) }
        let range = try segments.append(drafts.map { $0.encoded() })
        var ids: [UserID: UInt64] = [:]
        for (i, draft) in drafts.enumerated() {
            let id = range.lowerBound + UInt64(i) + 1
            undelivered.append(PushEvent(id: id, recipient: draft.recipient, kind: kind, payload: payload, at: draft.at))
            ids[draft.recipient] = id
        }
        switch configuration.durability {
        case .fsync: try await waitUntilDurable(range.upperBound)
        case .kernelBuffered: markWrittenDurable()
        }
        try applyRetention()
        return ids
    }

    func becameDurable(through end: UInt64) {
        let now = clock.now()
        var i = 0
        while i < undelivered.count, let id = undelivered[i].id, id <= end {
            let e = undelivered[i]
            Self.remember(e, in: &replay[e.recipient, default: Replay()], bound: configuration.replayPerUser)
            for c in byUser[e.recipient] ?? [] { deliver(.event(e), to: c, now: now) }
            i += 1
        }
        undelivered.removeFirst(i)
    }

    private func applyRetention() throws {
        guard segments.totalBytes > configuration.retainBytes else { return }
        var size = segments.totalBytes
        try segments.dropSegments { _, _, bytes in
            guard size > configuration.retainBytes else { return false }
            size -= bytes
            return true
        }
    }

    /// Delivers an ephemeral event (typing) to the recipients' live connections only. Returns the number of
    /// connections it reached.
    @discardableResult
    public func publishEphemeral(_ kind: PushKind = .typing, payload: [UInt8], to recipients: [UserID]) -> Int {
        let now = clock.now()
        var reached = 0
        for user in Set(recipients) {
            let e = PushEvent(id: nil, recipient: user, kind: kind, payload: payload, at: now)
            for c in byUser[user] ?? [] {
                deliver(.event(e), to: c, now: now)
                if connections[c] != nil { reached += 1 }
            }
        }
        return reached
    }

    /// Durable events for `user` after `lastEventID` still in the replay window (for a REST fallback).
    public func events(for user: UserID, after lastEventID: UInt64) -> [PushEvent] {
        (replay[user]?.events ?? []).filter { ($0.id ?? 0) > lastEventID }
    }

    /// The highest durable event ID so far (0 before the first).
    public var lastEventID: UInt64 { groupCommit.durableEnd }
    /// Syncs done so far (publishes ÷ syncs is the group-commit factor).
    public var syncCount: Int { groupCommit.syncCount }

    // MARK: Heartbeats

    /// The route's timer hook: yields a heartbeat on every connection that has sent nothing for
    /// `heartbeatInterval`, and closes those with no client activity for `idleTimeout`.
    @discardableResult
    public func heartbeat() -> (sent: Int, closed: Int) {
        let now = clock.now()
        var sent = 0, closed = 0
        for (id, c) in connections {
            if now.timeIntervalSince(c.lastSeen) >= configuration.idleTimeout {
                end(id, reason: .heartbeatTimeout)
                closed += 1
            } else if now.timeIntervalSince(c.lastSent) >= configuration.heartbeatInterval {
                deliver(.heartbeat(now), to: id, now: now)
                if connections[id] != nil { sent += 1 } else { closed += 1 }
            }
        }
        return (sent, closed)
    }

    /// Closes every connection and syncs the log (for `.kernelBuffered` hubs).
    public func shutdown() throws {
        for id in Array(connections.keys) { end(id, reason: .closed) }
        try segments.sync()
    }
}
