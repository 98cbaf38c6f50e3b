import MosaicWorld

/// Worlds shared by the tests: generated once per test process (static lets are lazy and thread-safe).
enum WorldFixtures {
    /// The demo's shape and size (20 K users): big enough for celebrities with ≥ 10 K followers.
    static let demo = WorldGenerator(config: WorldConfig(seed: 42, userCount: 20_000)).generate()

    /// 5 K users with the demo's engagement settings: enough impressions for rate comparisons, fast to scan.
    static let medium = WorldGenerator(config: WorldConfig(seed: 43, userCount: 5_000)).generate()

    static func small(seed: UInt64 = 7, users: Int = 3_000) -> World {
        var config = WorldConfig(seed: seed, userCount: users)
        config.impressionsPerUser = 20
        return WorldGenerator(config: config).generate()
    }
}
