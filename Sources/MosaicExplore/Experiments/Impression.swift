import Foundation
import MosaicCore

/// What the funnel logs: every ranked list once, when it is made (with each item's source, stage scores and, for
/// the first items, the exact features the rankers read — logged at serving time so training never recomputes
/// them differently), and every page when it is served. Joining the two gives impressions with positions;
/// engagement events label them later (`ImpressionLabelling`).
public enum ExploreLogRecord: Sendable, Codable, Equatable {
    case ranked(RankedList)
    case served(ServedPage)
}

public struct RankedList: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var post: PostID
        public var source: String
        public var retrievalScore: Float
        public var lightScore: Float
        /// The served model's value; nil when the heavy ranker was skipped or late.
        public var heavyScore: Float?
        /// The shadow model's value for the same candidate, never used for ordering.
        public var shadowScore: Float?
        public var features: [Float]?
        public init(post: PostID, source: String, retrievalScore: Float, lightScore: Float, heavyScore: Float?,
                    shadowScore: Float?, features: [Float]?) {
            self.post = post; self.source = source; self.retrievalScore = retrievalScore; self.lightScore = lightScore
            self.heavyScore = heavyScore; self.shadowScore = shadowScore; self.features = features
        }
    }
    public var request: UInt64
    public var viewer: UserID
    public var at: Date
    public var bucket: Int
    public var arm: String
    public var modelVersion: String
    public var shadowVersion: String?
    public var servedBy: String
    public var items: [Item]
    public init(request: UInt64, viewer: UserID, at: Date, bucket: Int, arm: String, modelVersion: String,
                shadowVersion: String?, servedBy: String, items: [Item]) {
        self.request = request; self.viewer = viewer; self.at = at; self.bucket = bucket; self.arm = arm
        self.modelVersion = modelVersion; self.shadowVersion = shadowVersion; self.servedBy = servedBy; self.items = items
    }
}

public struct ServedPage: Sendable, Codable, Equatable {
    public var request: UInt64
    public var viewer: UserID
    public var at: Date
    /// Position of the first post of the page in the ranked list.
    public var offset: Int
    public var posts: [PostID]
    public init(request: UInt64, viewer: UserID, at: Date, offset: Int, posts: [PostID]) {
        self.request = request; self.viewer = viewer; self.at = at; self.offset = offset; self.posts = posts
    }
}

/// Where the funnel's log records go. Recording must not slow serving: implementations buffer.
public protocol ExploreLogSink: Sendable {
    func record(_ record: ExploreLogRecord) async
}
