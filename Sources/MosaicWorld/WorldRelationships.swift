import MosaicCore

/// What one user did towards another account besides engaging with its posts.
public enum RelationshipKind: UInt8, Sendable {
    /// A direct message in their one-to-one thread.
    case message = 0
    /// A visit to the other account's profile.
    case profileVisit
}

/// One simulated message or profile visit (16 bytes).
public struct RelationshipEvent: Sendable, Equatable {
    public var unixMillis: Int64
    /// The sender or visitor.
    public var user: Int32
    /// The recipient or visited account.
    public var target: Int32
    public var kind: RelationshipKind
    public init(unixMillis: Int64, user: Int32, target: Int32, kind: RelationshipKind) {
        self.unixMillis = unixMillis; self.user = user; self.target = target; self.kind = kind
    }
}

/// The hidden truth behind messages and profile visits, from the same latent taste as engagement: a user
/// visits and writes to the followed accounts whose posts match their interests (`affinity`: the author's
/// expected post category against the user's interests, 0...1, as `EngagementModel` uses for one post),
/// much more to mutual follows (friends) and, for messages, to people in their own region. Celebrities who
/// do not follow back get almost no messages.
public struct RelationshipModel: Sendable {
    /// Mean profile visits per user over the world's span, scaled by activity.
    public var visitsPerUser: Double = 10
    /// Mean conversations started per user over the span, scaled by activity.
    public var conversationsPerUser: Double = 1
    public init() {}

    public func visitWeight(affinity: Double, mutual: Bool) -> Double {
        _exp(3.0 * affinity + (mutual ? 0.7 : 0))
    }
    public func conversationWeight(affinity: Double, mutual: Bool, sameRegion: Bool, celebrity: Bool) -> Double {
        _exp(3.0 * affinity + (mutual ? 2.0 : 0) + (sameRegion ? 0.7 : 0)) * (celebrity && !mutual ? 0.02 : 1)
    }
    /// Messages in one conversation: 1 + Poisson(mean), more between close accounts.
    public func conversationExtraMessages(affinity: Double, mutual: Bool) -> Double { 1.5 + 2.5 * affinity + (mutual ? 1 : 0) }
    /// Chance that a message after the first comes from the other side.
    public func replyShare(mutual: Bool) -> Double { mutual ? 0.5 : 0.25 }
}

extension World {
    /// Simulated direct messages and profile visits, sorted by time. Deterministic for the world's seed and
    /// drawn from their own random stream, so the engagement log of a world does not change. Only between a
    /// user and accounts they follow, inside the user's active period.
    public func relationships(model: RelationshipModel = RelationshipModel(),
                              report: (Int, Int) -> Void = { _, _ in }) -> [RelationshipEvent] {
        let n = users.count, k = WorldUsers.categoryCount
        // What an author posts about: their interests sharpened the way post categories are drawn.
        var topics = [Float](repeating: 0, count: n * k)
        for u in 0..<n {
            var total: Float = 0
            for c in 0..<k { let v = users.interests[u * k + c]; topics[u * k + c] = v * v; total += v * v }
            if total > 0 { for c in 0..<k { topics[u * k + c] /= total } }
        }
        var rng = WorldRandom(seed: config.seed, stream: 0x5245_4C41) // "RELA"
        var out: [RelationshipEvent] = []
        out.reserveCapacity(Int(Double(n) * (model.visitsPerUser + 5 * model.conversationsPerUser) * 1.2))
        var visitCDF: [Double] = [], talkCDF: [Double] = [], affinity: [Double] = [], mutual: [Bool] = []
        let minute = 60_000.0

        for u in 0..<n {
            let following = graph.following(of: u)
            let from = max(config.startUnixMillis, users.createdAtMillis[u])
            let to = min(config.endUnixMillis, users.lastActiveAtMillis[u])
            guard !following.isEmpty, to > from else { continue }
            var strongest: Float = 0
            for c in 0..<k { strongest = max(strongest, users.interests[u * k + c]) }
            visitCDF.removeAll(keepingCapacity: true); talkCDF.removeAll(keepingCapacity: true)
            affinity.removeAll(keepingCapacity: true); mutual.removeAll(keepingCapacity: true)
            var visitSum = 0.0, talkSum = 0.0
            for f32 in following {
                let f = Int(f32)
                var a: Float = 0
                for c in 0..<k { a += topics[f * k + c] * users.interests[u * k + c] }
                let aff = strongest > 0 ? Double(a / strongest) : 0
                let m = graph.follows(f, u)
                affinity.append(aff); mutual.append(m)
                visitSum += model.visitWeight(affinity: aff, mutual: m)
                talkSum += model.conversationWeight(affinity: aff, mutual: m, sameRegion: users.regions[u] == users.regions[f],
                                                    celebrity: users.isCelebrity[f])
                visitCDF.append(visitSum); talkCDF.append(talkSum)
            }
            let span = Double(to - from)
            let activity = Double(users.activity[u])
            for _ in 0..<rng.poisson(mean: model.visitsPerUser * activity) {
                let i = Self.pick(visitCDF, rng.unit() * visitSum)
                out.append(RelationshipEvent(unixMillis: from + Int64(rng.unit() * span), user: Int32(u),
                                             target: following[following.startIndex + i], kind: .profileVisit))
            }
            for _ in 0..<rng.poisson(mean: model.conversationsPerUser * activity) {
                let i = Self.pick(talkCDF, rng.unit() * talkSum)
                let other = following[following.startIndex + i]
                var t = Double(from) + rng.unit() * span
                let count = 1 + rng.poisson(mean: model.conversationExtraMessages(affinity: affinity[i], mutual: mutual[i]))
                for j in 0..<count {
                    guard t < Double(config.endUnixMillis) else { break }
                    let replies = j > 0 && rng.chance(model.replyShare(mutual: mutual[i]))
                    out.append(RelationshipEvent(unixMillis: Int64(t), user: replies ? other : Int32(u),
                                                 target: replies ? Int32(u) : other, kind: .message))
                    t += rng.exponential(mean: 20 * minute)
                }
            }
            if u & 0x3fff == 0 { report(u, n) }
        }
        out.sort { $0.unixMillis < $1.unixMillis }     // stable: equal times keep generation order
        report(n, n)
        return out
    }

    /// The first index whose cumulative weight exceeds `x`.
    static func pick(_ cdf: [Double], _ x: Double) -> Int {
        var lo = 0, hi = cdf.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] > x { hi = mid } else { lo = mid + 1 } }
        return lo
    }
}
