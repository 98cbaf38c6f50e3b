/// The hidden truth behind simulated engagement: probabilities of each action given the viewer–post pair.
///
/// Inputs are what a ranking model can learn to see: latent affinity (the viewer's interest in the post's
/// category relative to their strongest interest), whether the viewer follows the author, the author's
/// popularity (log followers, normalised) and the post's own appeal. Rates land near real ones: a few
/// percent of impressions are liked when nothing matches, ~25 % when a followed account posts on the
/// viewer's main interest.
public struct EngagementModel: Sendable {
    public struct Pair: Sendable {
        /// Interest in the post's category ÷ the viewer's strongest interest, in [0, 1].
        public var affinity: Double
        public var follows: Bool
        /// log1p(author followers) ÷ log1p(max followers), in [0, 1].
        public var popularity: Double
        /// ln of the post's latent quality (≈ N(0, 0.6)).
        public var logQuality: Double
        public init(affinity: Double, follows: Bool, popularity: Double, logQuality: Double) {
            self.affinity = affinity; self.follows = follows; self.popularity = popularity; self.logQuality = logQuality
        }
    }

    public init() {}

    public func likeProbability(_ p: Pair) -> Double {
        sigmoid(-4.6 + 3.0 * p.affinity + (p.follows ? 0.9 : 0) + 0.7 * p.popularity + 0.8 * p.logQuality)
    }
    public func commentProbability(_ p: Pair) -> Double {
        sigmoid(-7.0 + 2.2 * p.affinity + (p.follows ? 1.4 : 0) + 0.5 * p.logQuality)
    }
    public func saveProbability(_ p: Pair) -> Double {
        sigmoid(-7.0 + 3.4 * p.affinity + 0.7 * p.logQuality)
    }
    public func shareProbability(_ p: Pair) -> Double {
        sigmoid(-7.4 + 2.6 * p.affinity + (p.follows ? 0.4 : 0) + 0.6 * p.logQuality)
    }
    public func hideProbability(_ p: Pair) -> Double {
        sigmoid(-3.0 - 4.0 * p.affinity - (p.follows ? 1.5 : 0) - 0.5 * p.logQuality)
    }
    /// Median dwell in milliseconds before noise: ~1.5 s for unrelated posts, ~5 s on a main interest.
    public func logDwellMs(_ p: Pair) -> Double {
        7.3 + 1.3 * p.affinity + 0.3 * p.logQuality + (p.follows ? 0.2 : 0)
    }
}
