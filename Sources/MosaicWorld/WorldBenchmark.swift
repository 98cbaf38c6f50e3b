/// `mosaic bench world`: how long each generation stage takes at a given size, how fast images render, and
/// the resulting world's shape (`WorldStatistics`). Timing lives here, never in tests.
public struct WorldBenchmark: Sendable {
    public struct Report: Sendable {
        public var config: WorldConfig
        /// Wall-clock seconds per stage, in stage order.
        public var stageSeconds: [(stage: WorldProgress.Stage, seconds: Double)]
        public var totalSeconds: Double
        /// Milliseconds per rendered image at each size (mean over `renders` images of all categories).
        public var renderMillis: [(size: Int, millis: Double)]
        public var statistics: WorldStatistics

        public var table: String {
            func fixed(_ x: Double, _ digits: Int) -> String {
                let scale = Double([1, 10, 100, 1000][min(digits, 3)])
                return String(Double((x * scale).rounded()) / scale)
            }
            var lines = ["world: \(config.userCount) users, seed \(config.seed), mean following \(config.meanFollowing), "
                         + "\(config.postsPerUser) posts and \(config.impressionsPerUser) impressions per user"]
            for (stage, seconds) in stageSeconds { lines.append("  \(stage.rawValue) \(fixed(seconds, 2)) s") }
            lines.append("  total \(fixed(totalSeconds, 2)) s, "
                         + "\(Int(Double(statistics.edges) / max(1e-9, stageSeconds.first { $0.stage == .graph }?.seconds ?? 0))) edges/s")
            for (size, millis) in renderMillis { lines.append("  render \(size)×\(size): \(fixed(millis, 2)) ms/image") }
            return lines.joined(separator: "\n") + "\n" + statistics.table
        }
    }

    public var config: WorldConfig
    public var renderSizes: [Int]
    public var renders: Int

    public init(config: WorldConfig, renderSizes: [Int] = [1080, 320], renders: Int = 24) {
        self.config = config; self.renderSizes = renderSizes; self.renders = renders
    }

    public func run(progress: (WorldProgress) -> Void = { _ in }) -> Report {
        let clock = ContinuousClock()
        var stageSeconds: [(stage: WorldProgress.Stage, seconds: Double)] = []
        var current = WorldProgress.Stage.users
        let start = clock.now
        var stageStart = start
        let world = WorldGenerator(config: config).generate { p in
            if p.stage != current {
                let now = clock.now
                stageSeconds.append((current, Self.seconds(now - stageStart)))
                current = p.stage; stageStart = now
            }
            progress(p)
        }
        let total = Self.seconds(clock.now - start)

        var renderMillis: [(size: Int, millis: Double)] = []
        var checksum = 0
        for size in renderSizes {
            let t0 = clock.now
            for i in 0..<renders {
                let post = (i * 7_919) % world.posts.count
                checksum &+= Int(world.image(ofPost: post).render(width: size, height: size).pixels[size * size])
            }
            renderMillis.append((size, Self.seconds(clock.now - t0) * 1000 / Double(max(1, renders))))
        }
        precondition(checksum >= 0) // keeps the renders observable to the optimiser
        return Report(config: config, stageSeconds: stageSeconds, totalSeconds: total, renderMillis: renderMillis,
                      statistics: WorldStatistics(world: world))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
