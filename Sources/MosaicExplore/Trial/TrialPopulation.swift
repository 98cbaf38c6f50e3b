import Foundation
import MosaicCore
import Synchronization

/// The people a trial cohort can be drawn from: Explore's viewers with their latest query vector (user tower
/// plus session delta) and category interests, refreshed on every Explore request, so a cohort is picked on
/// what each user likes now. Users who never open Explore could not be shown a reserved slot anyway.
public final class TrialPopulation: Sendable {
    struct Member: Sendable {
        var vector: [Float]?
        var interests: [String: Float]
    }
    private let members = Mutex<[UserID: Member]>([:])

    public init() {}

    public var count: Int { members.withLock { $0.count } }

    /// Records (or refreshes) a viewer. A nil vector keeps the previous one: the tower may time out on one request.
    public func observe(_ user: UserID, vector: [Float]?, interests: [String: Float]) {
        members.withLock { all in
            var m = all[user] ?? Member(vector: nil, interests: [:])
            if let vector { m.vector = vector }
            m.interests = interests
            all[user] = m
        }
    }

    /// The `size` users whose vectors have the largest inner product with `item` (unit vectors: cosine),
    /// skipping `excluded`; ties by user ID so cohorts are reproducible.
    public func nearest(to item: [Float], size: Int, excluding excluded: Set<UserID>) -> [UserID] {
        guard size > 0 else { return [] }
        var scored: [(UserID, Float)] = members.withLock { all in
            var out: [(UserID, Float)] = []
            out.reserveCapacity(all.count)
            for (u, m) in all where !excluded.contains(u) {
                guard let v = m.vector, v.count == item.count else { continue }
                var dot: Float = 0
                for i in 0..<v.count { dot += v[i] * item[i] }
                out.append((u, dot))
            }
            return out
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return scored.prefix(size).map(\.0)
    }

    /// Users interested in `category` (chosen interests or engagement), strongest affinity first: the cohort
    /// when there is no model to place the post and the users in one space.
    public func interested(in category: String, size: Int, excluding excluded: Set<UserID>) -> [UserID] {
        guard size > 0, !category.isEmpty else { return [] }
        var scored: [(UserID, Float)] = members.withLock { all in
            all.compactMap { u, m in
                guard !excluded.contains(u), let a = m.interests[category], a > 0 else { return nil }
                return (u, a)
            }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return scored.prefix(size).map(\.0)
    }
}
