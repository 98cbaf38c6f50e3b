import MosaicCore

/// Why a candidate is on the grid, as a plain value: the funnel carries thousands of candidates per request
/// and serves a few dozen, so the words (`text`) are written only for the ranked list that is kept. A category
/// is its `InterestCategory.code`.
public enum Reason: Sendable, Equatable {
    case similarToLiked(category: UInt8)
    case similarToEngaged
    case newInLikedCategory(UInt8)
    case justPosted
    case popularInRegion
    case popularRightNow
    case popularIn(UInt8)
    case popularInRegionIn(UInt8)
    case becauseYouLike(UInt8)
    case likedByFollowed
    case somethingNew(UInt8)
    case trendingNow
    case trendingIn(UInt8)
    case trialRound(UInt16)

    /// What "Why am I seeing this" says.
    public var text: String {
        func name(_ c: UInt8) -> String { InterestCategory.name(c) }
        switch self {
        case .similarToLiked(let c): return "Similar to \(name(c)) posts you liked"
        case .similarToEngaged: return "Similar to posts you engaged with"
        case .newInLikedCategory(let c): return "New in \(name(c)), which you like"
        case .justPosted: return "Just posted"
        case .popularInRegion: return "Popular in your region"
        case .popularRightNow: return "Popular right now"
        case .popularIn(let c): return "Popular in \(name(c))"
        case .popularInRegionIn(let c): return "Popular in your region in \(name(c))"
        case .becauseYouLike(let c): return "Because you like \(name(c))"
        case .likedByFollowed: return "Liked by accounts you follow"
        case .somethingNew(let c): return "Something new: popular in \(name(c))"
        case .trendingNow: return "Trending now"
        case .trendingIn(let c): return "Trending in \(name(c))"
        case .trialRound(let r): return "trial audience, round \(r)"
        }
    }
}

/// A candidate's reasons, strongest first, held inline (at most `capacity`; one per source that found it, and
/// there are few sources) so a candidate copies without touching the heap.
public struct Reasons: Sendable, Equatable {
    public static let capacity = 4
    private var slots: (Reason?, Reason?, Reason?, Reason?) = (nil, nil, nil, nil)
    public private(set) var count = 0

    public init(_ reasons: [Reason] = []) { for r in reasons { append(r) } }

    public subscript(i: Int) -> Reason {
        switch i {
        case 0: return slots.0!
        case 1: return slots.1!
        case 2: return slots.2!
        default: return slots.3!
        }
    }

    public func contains(_ r: Reason) -> Bool { (0..<count).contains { self[$0] == r } }

    /// Adds `r` after the others unless it is already there or the list is full.
    public mutating func append(_ r: Reason) {
        guard count < Self.capacity, !contains(r) else { return }
        switch count {
        case 0: slots.0 = r
        case 1: slots.1 = r
        case 2: slots.2 = r
        default: slots.3 = r
        }
        count += 1
    }

    public mutating func append(contentsOf other: Reasons) { for i in 0..<other.count { append(other[i]) } }

    public var all: [Reason] { (0..<count).map { self[$0] } }
    public var texts: [String] { (0..<count).map { self[$0].text } }

    public static func == (a: Reasons, b: Reasons) -> Bool { a.all == b.all }
}
