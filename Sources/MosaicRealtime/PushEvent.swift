import Foundation
import MosaicCore

/// What a push carries. Messages and notifications are durable (they get an event ID and are replayed after
/// a reconnect); typing indicators are ephemeral (no ID, never stored, lost if nobody is connected).
public enum PushKind: UInt8, Sendable, CaseIterable {
    case message = 1, notification = 2, typing = 3

    public var name: String {
        switch self {
        case .message: "message"
        case .notification: "notification"
        case .typing: "typing"
        }
    }
    public var isDurable: Bool { self != .typing }
}

/// One push to one user. `payload` is an already-encoded JSON value (the route's DTO: the message, the
/// notification), so the hub never needs to know the shapes it carries.
public struct PushEvent: Sendable, Equatable {
    /// Per-user increasing (a global sequence starting at 1, so increasing for every user, not contiguous);
    /// nil for ephemeral events.
    public let id: UInt64?
    public let recipient: UserID
    public let kind: PushKind
    public let payload: [UInt8]
    public let at: Date

    public init(id: UInt64?, recipient: UserID, kind: PushKind, payload: [UInt8], at: Date) {
        self.id = id; self.recipient = recipient; self.kind = kind; self.payload = payload
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// The WebSocket text frame: `{"id":"42","type":"message","data":{…}}` (no `id` for typing). IDs are
    /// strings, like every 64-bit ID in the API, because JavaScript numbers hold 53 bits.
    public func jsonFrame() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 48)
        out.append(contentsOf: Array("{".utf8))
        if let id { out.append(contentsOf: Array("\"id\":\"\(id)\",".utf8)) }
        out.append(contentsOf: Array("\"type\":\"\(kind.name)\",\"data\":".utf8))
        out.append(contentsOf: payload.isEmpty ? Array("null".utf8) : payload)
        out.append(UInt8(ascii: "}"))
        return out
    }

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: payload.count + 24)
        w.u8(1)
        w.u64(recipient.rawValue); w.u8(kind.rawValue); w.date(at); w.blob(payload)
        return w.bytes
    }

    init(decoding bytes: [UInt8], id: UInt64) throws {
        var r = ByteReader(bytes)
        guard try r.u8() == 1 else { throw DecodingFailure("unknown push record version") }
        recipient = MosaicID(rawValue: try r.u64())
        guard let k = PushKind(rawValue: try r.u8()) else { throw DecodingFailure("unknown push kind") }
        kind = k
        at = try r.date()
        payload = try r.blob()
        self.id = id
    }
}

/// What a connection's stream yields: events, and heartbeats from `PushHub.heartbeat()` for the route to
/// turn into pings.
public enum PushFrame: Sendable, Equatable {
    case event(PushEvent)
    case heartbeat(Date)
}

/// Why the hub ended a connection's stream.
public enum PushCloseReason: Sendable, Equatable {
    /// The client read too slowly and its bounded buffer filled; it must reconnect with its last event ID.
    case overflow
    /// No client activity (`touch`) within the idle timeout.
    case heartbeatTimeout
    /// `disconnect` was called (the socket closed) or the hub shut down.
    case closed
}

/// A live connection: first send `missed` (oldest first), then iterate `frames`. Nothing falls between the
/// two: the replay is taken and the connection registered in one step on the hub.
public struct PushSubscription: Sendable {
    public let connectionID: UInt64
    public let missed: [PushEvent]
    /// True when events after the client's last ID may have been lost to retention or the replay bound: the
    /// client should refetch its inbox and notifications over REST.
    public let gap: Bool
    /// The highest durable event ID when the connection was registered: every event for the user after it
    /// reaches this connection, so it is a safe `lastEventID` to resume from even before any event arrives.
    public let resumeFrom: UInt64
    public let frames: AsyncStream<PushFrame>
}
