import MosaicCore

/// Generates a deterministic synthetic community: users, follow graph, posts with procedural images, and
/// simulated engagement. Pure data, no I/O.
///
/// ```swift
/// let world = WorldGenerator(config: .scaled(users: 100_000, seed: 7)).generate { print($0.overall) }
/// ```
public struct WorldGenerator: Sendable {
    public let config: WorldConfig

    public init(config: WorldConfig) { self.config = config }

    /// - Parameters:
    ///   - idGenerator: mints user IDs (one per user, in index order, on `WorldUsers.shard(of:)`). The
    ///     default runs on a fixed clock at the world's end time, so the whole world is deterministic; the
    ///     demo passes the store's generator so that users get live IDs.
    ///   - progress: called from the generating thread a few hundred times at most.
    public func generate(idGenerator: IDGenerator? = nil,
                         progress: (WorldProgress) -> Void = { _ in }) -> World {
        let end = UInt64(config.endUnixMillis)
        let ids = idGenerator ?? IDGenerator(unixMillis: { end })
        let users = WorldUsers.generate(config: config, idGenerator: ids) {
            progress(WorldProgress(stage: .users, completed: $0, total: $1))
        }
        let graph = FollowGraphBuilder(config: config, users: users).build {
            progress(WorldProgress(stage: .graph, completed: $0, total: $1))
        }
        let posts = WorldPosts.generate(config: config, users: users) {
            progress(WorldProgress(stage: .posts, completed: $0, total: $1))
        }
        let engagement = EngagementSimulator(config: config, users: users, graph: graph, posts: posts).simulate {
            progress(WorldProgress(stage: .engagement, completed: $0, total: $1))
        }
        progress(WorldProgress(stage: .done, completed: 1, total: 1))
        return World(config: config, users: users, graph: graph, posts: posts, engagement: engagement)
    }
}
