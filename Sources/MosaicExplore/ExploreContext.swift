import Foundation
import MosaicCore

/// Everything the funnel knows about one request's viewer, gathered once up front.
public struct ExploreContext: Sendable {
    public var viewer: UserID
    public var region: String { didSet { regionBit = RegionCode.mask([region]) } }
    /// The viewer's region as a `RegionCode.mask` bit (0 when unset: geographically restricted posts are then
    /// never shown, as nothing says the viewer is where they may be).
    public private(set) var regionBit: UInt8 = 0
    public var now: Date
    /// Accounts whose posts never appear: the viewer, followed accounts (they belong to the home feed), and
    /// accounts blocked in either direction.
    public var excludedAuthors: Set<UserID>
    public var restrictedCategories: Set<String>
    /// Posts already shown in this session or hidden/reported by the viewer.
    public var excludedPosts: Set<PostID>
    /// Category → affinity in [0, 1] from the viewer's own engagement and chosen interests.
    public var interests: [String: Float] { didSet { topInterests = Self.ranked(interests) } }
    /// The viewer's strongest categories, for features, explanations and exploration (kept sorted once here
    /// rather than per candidate).
    public private(set) var topInterests: [String] = []
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
        self.topInterests = Self.ranked(interests)
        self.regionBit = RegionCode.mask([region])
    }

    /// The policy every candidate must pass, whatever its source. Private authors, deleted and heavily
    /// reported posts, and posts restricted to other regions are never shown on Explore.
    public func allows(_ e: CatalogEntry) -> Bool {
        !restrictedCategories.contains(e.category) && allows(e.postID, facts: PolicyFacts(e))
    }

    /// The same rules without the category (the ANN filter's form; `PostCatalog.allows`). A post restricted to
    /// some regions passes only for viewers in one of them.
    public func allows(_ post: PostID, facts f: PolicyFacts) -> Bool {
        !f.deleted && !f.authorPrivate && f.reports < 3 && (f.regions == 0 || f.regions & regionBit != 0)
            && !excludedAuthors.contains(f.authorID) && !excludedPosts.contains(post)
    }

    static func ranked(_ interests: [String: Float]) -> [String] {
        interests.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
