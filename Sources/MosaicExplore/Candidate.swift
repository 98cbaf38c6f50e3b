import Foundation
import MosaicCore

/// Where a candidate came from. Attribution survives every stage, for explanations and for measuring
/// each source's contribution.
public enum CandidateSource: String, Sendable, CaseIterable {
    case ann, hot, trending, popular, graph, trial, exploration

    /// Position in `allCases` (the features' one-hot slot), without a dictionary lookup per candidate.
    var ordinal: Int {
        switch self {
        case .ann: 0
        case .hot: 1
        case .trending: 2
        case .popular: 3
        case .graph: 4
        case .trial: 5
        case .exploration: 6
        }
    }
}

/// A post moving through the funnel: plain values only (it is copied at every stage, thousands per request),
/// with the scores each stage gave it.
public struct Candidate: Sendable {
    public var postID: PostID
    public var authorID: UserID
    /// `InterestCategory.code` (0: none).
    public var categoryCode: UInt8
    public var category: String { InterestCategory.name(categoryCode) }
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
    /// Why it is shown, strongest first (`Reason.text` words them).
    public var reasons = Reasons()

    public init(postID: PostID, authorID: UserID, categoryCode: UInt8, createdAt: Date, source: CandidateSource,
                retrievalScore: Float, reasons: Reasons = Reasons()) {
        self.postID = postID; self.authorID = authorID; self.categoryCode = categoryCode; self.createdAt = createdAt
        self.source = source; self.retrievalScore = retrievalScore; self.reasons = reasons
    }

    public init(postID: PostID, authorID: UserID, category: String, createdAt: Date, source: CandidateSource,
                retrievalScore: Float, reasons: Reasons = Reasons()) {
        self.init(postID: postID, authorID: authorID, categoryCode: InterestCategory.code(category), createdAt: createdAt,
                  source: source, retrievalScore: retrievalScore, reasons: reasons)
    }

    /// A candidate for a catalogue entry.
    init(_ e: CatalogEntry, source: CandidateSource, retrievalScore: Float, reason: Reason) {
        self.init(postID: e.postID, authorID: e.authorID, categoryCode: e.categoryCode, createdAt: e.createdAt,
                  source: source, retrievalScore: retrievalScore, reasons: Reasons([reason]))
    }
}
