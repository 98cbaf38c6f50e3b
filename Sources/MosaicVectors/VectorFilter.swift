/// A predicate over external IDs, evaluated *during* graph traversal.
///
/// How it is used: the traversal still walks through nodes the filter rejects (they keep the graph connected),
/// but only accepted nodes enter the result set, and the search does not stop until it holds `ef` accepted
/// nodes or runs out of candidates. So recall holds when most of the graph is filtered out; the price is that
/// a 90 % filter makes the search visit more nodes. `allows` runs once per *candidate that would enter the
/// results*, not once per visited node, and the search is generic over the filter type, so a struct filter is
/// inlined; keep it cheap and free of locks.
///
/// Ready-made filters: `AllowAll`, `ExcludedIDs` (a set: followed or blocked authors' posts, seen posts),
/// `PredicateFilter` (any closure: category restrictions, a bitset lookup).
public protocol VectorFilter {
    func allows(_ id: UInt64) -> Bool
}

/// Accepts everything; the unfiltered search path.
public struct AllowAll: VectorFilter, Sendable {
    public init() {}
    @inlinable @inline(__always) public func allows(_ id: UInt64) -> Bool { true }
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
