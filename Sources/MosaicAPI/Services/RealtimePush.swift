import Foundation
import MosaicCore
import MosaicRealtime
import Synchronization

/// The publishing side of real-time delivery: new messages and notifications go to the `PushHub` installed
/// at start-up (none in tools that don't serve WebSockets). The write that caused a push has already
/// committed, so a failed push loses nothing: the client finds it over REST.
public final class RealtimePush: Sendable {
    private let installed = Mutex<PushHub?>(nil)
    public init() {}

    public func install(_ hub: PushHub) { installed.withLock { $0 = hub } }
    public var hub: PushHub? { installed.withLock { $0 } }

    func publish<T: Encodable>(_ kind: PushKind, _ value: T, to recipients: [UserID]) async {
        guard let hub, !recipients.isEmpty, let data = try? JSONBody.encoder.encode(value) else { return }
        if kind.isDurable {
            _ = try? await hub.publish(kind, payload: Array(data), to: recipients)
        } else {
            _ = await hub.publishEphemeral(kind, payload: Array(data), to: recipients)
        }
    }
}

/// A notification as pushed: the stored record without hydration (clients fetch names over REST if needed).
struct PushedNotification: Encodable {
    let notificationId: MosaicID
    let type: String
    let actorIds: [UserID]
    let actorCount: Int
    @Nullable var postId: PostID?
    @Nullable var threadId: MosaicID?
    let read: Bool
}
