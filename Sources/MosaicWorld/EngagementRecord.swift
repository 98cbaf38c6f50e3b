/// What a viewer did with a post they were shown. Raw values are stable (they go into training files);
/// `name` matches the HTTP API's event types.
public enum EngagementKind: UInt8, Sendable, CaseIterable {
    case impression = 0, like, comment, save, share, hide

    public var name: String {
        switch self {
        case .impression: "impression"
        case .like: "like"
        case .comment: "comment"
        case .save: "save"
        case .share: "share"
        case .hide: "hide"
        }
    }
}

/// One simulated engagement event, flat (24 bytes) so tens of millions fit and a training job can scan them.
///
/// Every shown post yields one `.impression` record carrying the dwell time; actions on it (like, comment,
/// save, share, hide) are separate records a little later. The world keeps them sorted by time.
public struct EngagementRecord: Sendable, Equatable {
    public var unixMillis: Int64
    public var user: Int32
    public var post: Int32
    /// Time spent on the post, on `.impression` records; 0 on the others.
    public var dwellMs: Int32
    public var kind: EngagementKind
    /// Whether the impression came from a followed account (true) or from elsewhere (explore).
    public var fromFollowed: Bool

    public init(unixMillis: Int64, user: Int32, post: Int32, dwellMs: Int32, kind: EngagementKind, fromFollowed: Bool) {
        self.unixMillis = unixMillis; self.user = user; self.post = post; self.dwellMs = dwellMs
        self.kind = kind; self.fromFollowed = fromFollowed
    }
}
