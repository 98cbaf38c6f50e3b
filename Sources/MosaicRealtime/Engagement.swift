import Foundation
import MosaicCore

/// One engagement event as the log stores it.
public struct Engagement: Sendable, Hashable {
    public var userID: UserID
    public var postID: PostID
    public var authorID: UserID
    public var kind: Kind
    public var dwellMs: UInt32
    public var surface: String
    public var category: String
    /// Millisecond precision (the log stores Unix milliseconds).
    public var at: Date

    public init(userID: UserID, postID: PostID, authorID: UserID, kind: Kind, dwellMs: UInt32 = 0,
                surface: String = "", category: String = "", at: Date) {
        self.userID = userID; self.postID = postID; self.authorID = authorID; self.kind = kind
        self.dwellMs = dwellMs; self.surface = surface; self.category = category
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    static let formatVersion: UInt8 = 1

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 48 + surface.utf8.count + category.utf8.count)
        w.u8(Self.formatVersion)
        w.u64(userID.rawValue); w.u64(postID.rawValue); w.u64(authorID.rawValue)
        w.u8(kind.rawValue); w.u32(dwellMs)
        w.date(at)
        w.string(surface); w.string(category)
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        let version = try r.u8()
        guard version == Self.formatVersion else { throw DecodingFailure("unknown event format \(version)") }
        userID = MosaicID(rawValue: try r.u64()); postID = MosaicID(rawValue: try r.u64())
        authorID = MosaicID(rawValue: try r.u64())
        let code = try r.u8()
        guard let k = Engagement.Kind(rawValue: code) else { throw DecodingFailure("unknown event kind \(code)") }
        kind = k
        dwellMs = try r.u32()
        at = try r.date()
        surface = try r.string(); category = try r.string()
    }
}

/// An event read back from the log, with its position. Offsets start at 0 and grow by one per event.
public struct LoggedEvent: Sendable, Hashable {
    public let offset: UInt64
    public let record: Engagement
    public init(offset: UInt64, record: Engagement) { self.offset = offset; self.record = record }
}

extension Engagement {
    /// What a user did to a post. Raw values are the on-disk codes: append new kinds, never renumber.
    public enum Kind: UInt8, Sendable, CaseIterable, Codable, CustomStringConvertible {
        case impression = 0, view, dwell, like, comment, save, share, hide, report

        /// The wire name (`"like"`), the same as the API's event types.
        public var name: String {
            switch self {
            case .impression: "impression"
            case .view: "view"
            case .dwell: "dwell"
            case .like: "like"
            case .comment: "comment"
            case .save: "save"
            case .share: "share"
            case .hide: "hide"
            case .report: "report"
            }
        }

        public init?(name: String) {
            guard let k = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = k
        }

        public var description: String { name }

        /// Active, positive engagement: what trend velocity counts (the seed counts likes, saves and shares).
        public var isActiveEngagement: Bool {
            switch self {
            case .like, .comment, .save, .share: true
            default: false
            }
        }
    }
}
