/// Two 64-bit words an index keeps beside each vector for filters to read during a search (`VectorFilter`'s
/// `allows(_:attributes:)`). What they mean is the owner's business: Explore keeps a post's author in the first
/// and its category, regions, age and moderation flags in the second, so its policy filter decides from the
/// node record the search has already fetched instead of looking the post up elsewhere.
///
/// Zero (both words) is what a node holds until its owner sets something; owners should make zero mean
/// "unknown" so a node indexed before its attributes arrive is refused rather than wrongly admitted.
public struct NodeAttributes: Sendable, Hashable {
    public var first: UInt64
    public var second: UInt64

    public init(first: UInt64 = 0, second: UInt64 = 0) { self.first = first; self.second = second }

    public static let unknown = NodeAttributes()
}
