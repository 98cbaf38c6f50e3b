/// Everything that shapes a generated world. Same config (seed included) → identical world.
///
/// Defaults describe the demo community (20 K users). `WorldConfig.scaled(users:seed:)` keeps the shape
/// (mean following, celebrity reach, posts and impressions per user) while changing the size, from 1 K users in
/// tests to 1 M in benchmarks.
public struct WorldConfig: Sendable, Equatable {
    public var seed: UInt64
    public var userCount: Int

    // MARK: Users
    /// Fraction of non-celebrity accounts that are private (~10 %).
    public var privateFraction: Double = 0.10
    /// Spread of the log-normal activity level; larger means a heavier tail of very active users.
    public var activitySigma: Double = 1.1

    // MARK: Follow graph
    /// Mean number of accounts a user follows, celebrity follows included.
    public var meanFollowing: Double = 60
    /// Hard cap on follows per user (Instagram's is 7,500).
    public var maxFollowing: Int = 7_500
    /// Number of celebrity accounts; nil picks `userCount / 1000` clamped to 3...200.
    public var celebrityCount: Int? = nil
    /// Fraction of all users who follow the biggest celebrity (in expectation); the k-th reaches
    /// `topCelebrityReach · k^-celebrityReachDecay`. At most 1 (everyone).
    public var topCelebrityReach: Double = 0.85
    public var celebrityReachDecay: Double = 0.6
    /// How each non-celebrity follow picks its target: copy the target of an earlier edge (preferential
    /// attachment), by popularity, by shared interest, by shared region. Normalised; need not sum to 1.
    public var attachmentMix: AttachmentMix = AttachmentMix()
    /// Chance that an ordinary account follows back someone who follows it (lower for popular accounts:
    /// it is divided by the account's fitness above 2). Celebrities never follow back. The builder scales it
    /// by a common factor so the total still matches `meanFollowing`.
    public var followBackProbability: Double = 0.3

    // MARK: Posts
    public var postsPerUser: Double = 3
    /// End of simulated time (Unix milliseconds); posts and engagement fall in the `spanDays` before it.
    /// Fixed by default (2026-01-01T00:00Z) so a world does not depend on when it was generated.
    public var endUnixMillis: Int64 = 1_767_225_600_000
    public var spanDays: Double = 30

    // MARK: Engagement
    /// Mean impressions per user over the span (scaled by activity); 0 skips engagement entirely.
    public var impressionsPerUser: Double = 40
    /// Share of impressions that come from followed accounts (the rest come from elsewhere: explore).
    public var followedShare: Double = 0.6

    public struct AttachmentMix: Sendable, Equatable {
        public var preferential: Double = 0.35
        public var popularity: Double = 0.15
        public var interest: Double = 0.30
        public var region: Double = 0.20
        public init() {}
    }

    public init(seed: UInt64 = 42, userCount: Int = 20_000) {
        // The upper bound keeps every shard under 1,024 users, so the default fixed-clock IDGenerator never has
        // to wait for its clock to move (it never does) to mint another ID on one shard.
        precondition(userCount >= 10 && userCount <= 4_000_000, "worlds have 10 to 4 M users")
        self.seed = seed
        self.userCount = userCount
    }

    /// The demo's shape at another size.
    public static func scaled(users: Int, seed: UInt64 = 42) -> WorldConfig {
        WorldConfig(seed: seed, userCount: users)
    }

    var resolvedCelebrityCount: Int {
        min(userCount / 4, celebrityCount ?? min(200, max(3, userCount / 1000)))
    }

    var startUnixMillis: Int64 { endUnixMillis - Int64(spanDays * 86_400_000) }
}
