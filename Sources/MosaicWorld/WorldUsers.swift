import MosaicCore

/// The people of a world, column by column (one array per attribute, indexed by user index) so that a
/// million users cost a few flat arrays rather than a million objects.
///
/// User index order is signup order: index 0 is the oldest account.
public struct WorldUsers: Sendable {
    public let count: Int
    /// Minted by the `IDGenerator` handed to the generator, on the user's shard (`WorldUsers.shard(of:)`).
    public internal(set) var ids: [MosaicID]
    public internal(set) var usernames: [String]
    public internal(set) var fullNames: [String]
    /// Latent interests, `count × categoryCount` row-major; each row sums to 1. Most users have 2–4 strong
    /// interests and a faint background over the rest (a sparse Dirichlet-like mix).
    public internal(set) var interests: [Float]
    /// Index into `Gazetteer.regions`.
    public internal(set) var regions: [UInt8]
    /// Index into `Gazetteer.devices`.
    public internal(set) var devices: [UInt8]
    /// Activity level, mean ≈ 1, log-normal heavy tail: scales posting and viewing.
    public internal(set) var activity: [Float]
    /// Latent attractiveness as a followee (Pareto); drives who gets followed besides preferential attachment.
    public internal(set) var fitness: [Float]
    public internal(set) var isPrivate: [Bool]
    /// Celebrity user indices, biggest reach first.
    public internal(set) var celebrities: [Int32]
    public internal(set) var isCelebrity: [Bool]
    public internal(set) var createdAtMillis: [Int64]
    public internal(set) var lastActiveAtMillis: [Int64]

    public static var categoryCount: Int { InterestCategory.all.count }

    /// The user's interest row (`categoryCount` values summing to 1), in `InterestCategory.all` order.
    public func interestVector(of user: Int) -> ArraySlice<Float> {
        let k = Self.categoryCount
        return interests[(user * k)..<(user * k + k)]
    }

    /// Category index of the user's strongest interest.
    public func primaryCategory(of user: Int) -> Int {
        let row = interestVector(of: user)
        var best = 0, bestValue: Float = -1
        for (i, v) in row.enumerated() where v > bestValue { best = i; bestValue = v }
        return best
    }

    public func regionCode(of user: Int) -> String { Gazetteer.regions[Int(regions[user])].code }

    /// A user's logical shard: a hash of the user index, so shards are spread evenly however users are ordered.
    public static func shard(of user: Int) -> Int {
        Int(WorldHash.mix(0x5348_4152_44, UInt64(user)) % UInt64(MosaicID.shardCount))
    }
}
