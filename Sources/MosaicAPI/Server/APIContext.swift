import Hummingbird
import NIOCore

/// Per-request context: the peer address (for per-IP limits) and a request ID that is logged with every line
/// and echoed in `X-Request-ID`.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteIP: String
    public var requestID: String = ""

    /// Uploads stream to disk, so the framework's own cap only needs to cover the 30 MB limit plus framing.
    public var maxUploadSize: Int { 31 * 1024 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
