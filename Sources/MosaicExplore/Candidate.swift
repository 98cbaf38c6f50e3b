import Foundation
import MosaicCore

/// Where a candidate came from. Attribution survives every stage, for explanations and for measuring
/// each source's contribution.
public enum CandidateSource: String, Sendable, CaseIterable {
    case ann, hot, trending, popular, graph, trial, exploration
}

/// A post moving through the funnel: compact, copyable, with the scores each stage gave it.
public struct Candidate: Sendable {
    public var postID: PostID
    public var authorID: UserID
    public var category: String
    public var createdAt: Date
    public var source: CandidateSource
    /// Similarity from the source (ANN inner product, graph strength, trend velocity, popularity).
    public var retrievalScore: Float
    public var lightScore: Float = 0
    /// The served multi-task model's value; nil when that stage was skipped, late or failed.
    public var heavyScore: Float?
    /// A shadow model's value, logged for comparison and never used to order anything.
    public var shadowScore: Float?
    public var value: Float = 0
    /// Human-readable reasons, strongest first.
    public var reasons: [String] = []

    public init(postID: PostID, authorID: UserID, category: String, createdAt: Date, source: CandidateSource,
                retrievalScore: Float, reasons: [String] = []) {
        self.postID = postID; self.authorID = authorID; self.category = category; self.createdAt = createdAt
        self.source = source; self.retrievalScore = retrievalScore; self.reasons = reasons
    }
}
