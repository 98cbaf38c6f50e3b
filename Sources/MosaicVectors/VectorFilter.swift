/// A predicate over nodes, evaluated *during* graph traversal.
///
/// How it is used: the traversal still walks through nodes the filter rejects (they keep the graph connected),
/// but only accepted nodes enter the result set, and the search does not stop until it holds `ef` accepted
/// nodes or runs out of candidates. So recall holds when most of the graph is filtered out; the price is that
/// a 90 % filter makes the search visit more nodes. The filter runs once per *candidate that would enter the
/// results*, not once per visited node, and the search is generic over the filter type, so a struct filter is
/// inlined; keep it cheap and free of locks.
///
/// A filter decides from the external ID (`allows(_:)`) or, in `HNSWIndex`, also from the node's
/// `NodeAttributes` (`allows(_:attributes:)`, when `input` is `.attributes`): both sit in the node's record
/// beside its vector, so that decision costs no memory access the distance has not already paid for.
///
/// Ready-made filters: `AllowAll`, `ExcludedIDs` (a set: followed or blocked authors' posts, seen posts),
/// `PredicateFilter` (any closure: category restrictions, a bitset lookup), `AttributePredicateFilter`.
public protocol VectorFilter {
    func allows(_ id: UInt64) -> Bool
    /// The decision with the node's attributes at hand. Default: `allows(id)`.
    func allows(_ id: UInt64, attributes: NodeAttributes) -> Bool
    /// What the filter reads, so a search fetches (prefetches) only that. Default: `.id`.
    static var input: FilterInput { get }
}

/// What a `VectorFilter` reads of a node.
public enum FilterInput: Sendable {
    case nothing, id, attributes
}

extension VectorFilter {
    @inlinable @inline(__always)
    public func allows(_ id: UInt64, attributes: NodeAttributes) -> Bool { allows(id) }
    @inlinable public static var input: FilterInput { .id }
}

/// Accepts everything; the unfiltered search path.
public struct AllowAll: VectorFilter, Sendable {
    public init() {}
    @inlinable @inline(__always) public func allows(_ id: UInt64) -> Bool { true }
    @inlinable public static var input: FilterInput { .nothing }
}

/// Rejects the IDs in a set.
public struct ExcludedIDs: VectorFilter, Sendable {
    public let excluded: Set<UInt64>
    public init(_ excluded: Set<UInt64>) { self.excluded = excluded }
    @inlinable public func allows(_ id: UInt64) -> Bool { !excluded.contains(id) }
}

/// Wraps a closure.
public struct PredicateFilter: VectorFilter, Sendable {
    public let predicate: @Sendable (UInt64) -> Bool
    public init(_ predicate: @escaping @Sendable (UInt64) -> Bool) { self.predicate = predicate }
    @inlinable public func allows(_ id: UInt64) -> Bool { predicate(id) }
}

/// Wraps a closure over the ID and the node's attributes. Indexes without attributes (`BruteForceIndex`)
/// pass `.unknown`.
public struct AttributePredicateFilter: VectorFilter, Sendable {
    public let predicate: @Sendable (UInt64, NodeAttributes) -> Bool
    public init(_ predicate: @escaping @Sendable (UInt64, NodeAttributes) -> Bool) { self.predicate = predicate }
    @inlinable public func allows(_ id: UInt64) -> Bool { predicate(id, .unknown) }
    @inlinable public func allows(_ id: UInt64, attributes: NodeAttributes) -> Bool { predicate(id, attributes) }
    @inlinable public static var input: FilterInput { .attributes }
}
