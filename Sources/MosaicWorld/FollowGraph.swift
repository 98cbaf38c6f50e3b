/// Who follows whom, stored twice in compressed sparse rows of `Int32` user indices: `following` (out-edges,
/// row = follower) and `followers` (in-edges, row = followee). Rows are sorted ascending, so `follows(_:_:)`
/// is a binary search. 10 M edges cost 80 MB in both directions together.
///
/// Every edge is an approved follow: for a private followee it stands for an accepted request.
/// Pending requests to private accounts are listed separately in `pendingRequests`.
public struct FollowGraph: Sendable {
    public let userCount: Int
    public let followingOffsets: [Int]
    public let followingTargets: [Int32]
    public let followerOffsets: [Int]
    public let followerSources: [Int32]
    /// (follower, followee) pairs awaiting a private account's approval; none of them is also an edge.
    public let pendingRequests: [(follower: Int32, followee: Int32)]

    public var edgeCount: Int { followingTargets.count }

    public func following(of user: Int) -> ArraySlice<Int32> {
        followingTargets[followingOffsets[user]..<followingOffsets[user + 1]]
    }

    public func followers(of user: Int) -> ArraySlice<Int32> {
        followerSources[followerOffsets[user]..<followerOffsets[user + 1]]
    }

    public func followingCount(of user: Int) -> Int { followingOffsets[user + 1] - followingOffsets[user] }
    public func followerCount(of user: Int) -> Int { followerOffsets[user + 1] - followerOffsets[user] }

    /// Whether `follower` follows `followee` (an approved follow).
    public func follows(_ follower: Int, _ followee: Int) -> Bool {
        var lo = followingOffsets[follower], hi = followingOffsets[follower + 1]
        let t = Int32(followee)
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = followingTargets[mid]
            if v == t { return true }
            if v < t { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    /// When the follow happened: after both accounts existed, spread deterministically up to the world's end.
    /// Derived from the pair rather than stored, to keep edges at 4 bytes each.
    public func followedAtMillis(follower: Int, followee: Int, users: WorldUsers, endUnixMillis: Int64) -> Int64 {
        let from = max(users.createdAtMillis[follower], users.createdAtMillis[followee])
        let h = WorldHash.unit(WorldHash.mix(UInt64(follower) << 32 | UInt64(followee), 0x464F4C4C))
        // Squared: most follows happen soon after both accounts exist.
        return from + Int64(Double(max(0, endUnixMillis - from)) * h * h)
    }

    init(userCount: Int, followingOffsets: [Int], followingTargets: [Int32],
         pendingRequests: [(follower: Int32, followee: Int32)]) {
        self.userCount = userCount
        self.followingOffsets = followingOffsets
        self.followingTargets = followingTargets
        self.pendingRequests = pendingRequests
        // Transpose by counting sort: rows come out sorted because sources are visited in order.
        var offsets = [Int](repeating: 0, count: userCount + 1)
        for t in followingTargets { offsets[Int(t) + 1] += 1 }
        for i in 0..<userCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var sources = [Int32](repeating: 0, count: followingTargets.count)
        followingTargets.withUnsafeBufferPointer { targets in
            sources.withUnsafeMutableBufferPointer { out in
                cursor.withUnsafeMutableBufferPointer { cur in
                    for u in 0..<userCount {
                        for e in followingOffsets[u]..<followingOffsets[u + 1] {
                            let t = Int(targets[e])
                            out[cur[t]] = Int32(u)
                            cur[t] += 1
                        }
                    }
                }
            }
        }
        followerOffsets = offsets
        followerSources = sources
    }
}
