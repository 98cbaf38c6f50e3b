/// Where generation is, for a progress bar: the stage and how far through it.
public struct WorldProgress: Sendable, Equatable {
    public enum Stage: String, Sendable, CaseIterable {
        case users, graph, posts, engagement, done
    }
    public var stage: Stage
    public var completed: Int
    public var total: Int

    /// Fraction of the whole generation, weighting stages by their typical share of the time.
    public var overall: Double {
        let weights: [Stage: (start: Double, span: Double)] = [
            .users: (0, 0.2), .graph: (0.2, 0.45), .posts: (0.65, 0.1), .engagement: (0.75, 0.25), .done: (1, 0),
        ]
        let w = weights[stage] ?? (1, 0)
        return w.start + w.span * (total > 0 ? Double(completed) / Double(total) : 1)
    }
}
