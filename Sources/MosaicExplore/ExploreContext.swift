import Foundation
import MosaicCore
import MosaicVectors

/// Everything the funnel knows about one request's viewer, gathered once up front.
public struct ExploreContext: Sendable {
    public var viewer: UserID
    public var region: String { didSet { regionBit = RegionCode.mask([region]); regionCode = RegionCode.code(region) } }
    /// The viewer's region as a `RegionCode.mask` bit (0 when unset: geographically restricted posts are then
    /// never shown, as nothing says the viewer is where they may be).
    public private(set) var regionBit: UInt8 = 0
    /// `RegionCode.code(region)`, compared with catalogue entries' author regions.
    public private(set) var regionCode: UInt8 = 0
    public var now: Date
    /// Accounts whose posts never appear: the viewer, followed accounts (they belong to the home feed), and
    /// accounts blocked in either direction.
    public var excludedAuthors: Set<UserID> { didSet { authorFilter = IDSet(excludedAuthors) } }
    /// Categories the viewer asked never to see.
    public var restrictedCategories: Set<String> { didSet { restrictedMask = Self.mask(restrictedCategories) } }
    /// `restrictedCategories` as one bit per `InterestCategory.code`, so the ANN filter tests it with one AND.
    public private(set) var restrictedMask: UInt16 = 0
    /// Posts already shown in this session or hidden/reported by the viewer.
    public var excludedPosts: Set<PostID> { didSet { postFilter = IDSet(excludedPosts) } }
    /// The two exclusions as `IDSet`s: the ANN filter tests both for every post that would enter its results.
    private var authorFilter: IDSet
    private var postFilter: IDSet
    /// Category → affinity in [0, 1] from the viewer's own engagement and chosen interests.
    public var interests: [String: Float] { didSet { indexInterests() } }
    /// The viewer's strongest categories, for features, explanations and exploration (kept sorted once here
    /// rather than per candidate).
    public private(set) var topInterests: [String] = []
    /// `interests` by `InterestCategory.code` (slot 0: uncategorised, always 0), and the strongest one's code:
    /// what per-candidate work reads, without hashing a string per candidate.
    public private(set) var affinityByCode = [Float](repeating: 0, count: InterestCategory.all.count + 1)
    public private(set) var topInterestCode: UInt8 = 0
    /// The viewer's engaged posts, newest first (read once for interests, exclusions and the user tower).
    public var recentlyEngaged: [PostID] = []
    /// The viewer's embedding (two-tower user tower + session delta), if available.
    public var userVector: [Float]?

    public init(viewer: UserID, region: String, now: Date, excludedAuthors: Set<UserID>,
                restrictedCategories: Set<String> = [], excludedPosts: Set<PostID> = [],
                interests: [String: Float] = [:], userVector: [Float]? = nil) {
        self.viewer = viewer; self.region = region; self.now = now; self.excludedAuthors = excludedAuthors
        self.restrictedCategories = restrictedCategories; self.excludedPosts = excludedPosts
        self.interests = interests; self.userVector = userVector
        self.authorFilter = IDSet(excludedAuthors); self.postFilter = IDSet(excludedPosts)
        self.regionBit = RegionCode.mask([region]); self.regionCode = RegionCode.code(region)
        self.restrictedMask = Self.mask(restrictedCategories)
        indexInterests()
    }

    /// The viewer's affinity for a category code.
    @inline(__always) public func affinity(_ code: UInt8) -> Float { affinityByCode[Int(code)] }

    private mutating func indexInterests() {
        topInterests = Self.ranked(interests)
        topInterestCode = topInterests.first.map(InterestCategory.code) ?? 0
        var dense = [Float](repeating: 0, count: InterestCategory.all.count + 1)
        for (c, a) in interests { let code = InterestCategory.code(c); if code != 0 { dense[Int(code)] = a } }
        affinityByCode = dense
    }

    /// The policy every candidate must pass, whatever its source. Private authors, deleted and heavily
    /// reported posts, and posts restricted to other regions are never shown on Explore.
    public func allows(_ e: CatalogEntry) -> Bool { allows(e.postID, facts: PolicyFacts(e)) }

    /// The same rules on a post's `PolicyFacts` (the catalogue's form; `PostCatalog.allows`). A post restricted
    /// to some regions passes only for viewers in one of them.
    public func allows(_ post: PostID, facts f: PolicyFacts) -> Bool {
        !f.deleted && !f.authorPrivate && f.reports < Self.reportLimit && (f.regions == 0 || f.regions & regionBit != 0)
            && restrictedMask & (1 << UInt16(f.categoryCode)) == 0
            && !authorFilter.contains(f.authorID) && !postFilter.contains(post)
    }

    /// `allows(_:facts:)` on the packed attributes, for posts created at or after `since` (seconds,
    /// `PolicyFacts.seconds`): the same rules, checked on two words without unpacking them into a struct.
    @inline(__always)
    public func allows(_ post: PostID, attributes a: NodeAttributes, since: UInt32) -> Bool {
        let w = a.second
        guard w & (PolicyFacts.knownBit | PolicyFacts.deletedBit | PolicyFacts.privateBit) == PolicyFacts.knownBit,
              UInt32(truncatingIfNeeded: w) >= since,
              Int32(UInt8(truncatingIfNeeded: w >> 48)) < Self.reportLimit else { return false }
        let regions = UInt8(truncatingIfNeeded: w >> 40)
        guard regions == 0 || regions & regionBit != 0,
              restrictedMask & (1 << UInt16(UInt8(truncatingIfNeeded: w >> 32))) == 0 else { return false }
        return !authorFilter.contains(UserID(rawValue: a.first)) && !postFilter.contains(post)
    }

    /// Reports (from distinct events) after which a post leaves Explore for everyone until reviewed.
    public static let reportLimit: Int32 = 3

    /// Category codes as bits; uncategorised (code 0) is never restricted.
    static func mask(_ categories: Set<String>) -> UInt16 {
        categories.reduce(0) { m, c in let code = InterestCategory.code(c); return code == 0 ? m : m | 1 << UInt16(code) }
    }

    static func ranked(_ interests: [String: Float]) -> [String] {
        interests.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
