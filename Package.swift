// swift-tools-version:6.2
// Mosaic: a photo-sharing backend with a recommendation engine at its heart.
// Targets are layered by responsibility; dependencies point one way only (see README, "Architecture").
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Numeric targets (vector kernels, HNSW, training) are optimised even in debug builds: their tests train
/// models and build indexes, which at -Onone would take minutes instead of seconds.
let numeric: [SwiftSetting] = strict + [.unsafeFlags(["-O"])]

let package = Package(
    name: "Mosaic",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mosaic", targets: ["MosaicCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // MARK: Domain core: IDs, cursors, validation, errors, domain types. No I/O.
        .target(name: "MosaicCore", swiftSettings: strict),

        // MARK: Storage protocols and the embedded SQLite implementation.
        .target(name: "MosaicStore", dependencies: [
            "MosaicCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // MARK: Vectors and approximate nearest neighbours (no server, no dependencies).
        // MOSAIC_TARGET_CPU=native (or haswell, znver3, … — a CPU with FMA) lets LLVM use AVX2/FMA in the kernels; the default
        // build stays on the portable x86-64 baseline (SSE2). See MosaicVectors/VectorKernels.swift.
        // CPrefetch: the cache-prefetch hint the HNSW search needs (a header; Swift has no prefetch instruction).
        .systemLibrary(name: "CPrefetch"),
        .target(name: "MosaicVectors", dependencies: ["CPrefetch"], swiftSettings: numeric + (Context.environment["MOSAIC_TARGET_CPU"].map {
            [SwiftSetting.unsafeFlags(["-target-cpu", $0]), .define("MOSAIC_FMA")] } ?? [])),

        // MARK: A small training core and the recommendation models.
        .target(name: "MosaicML", dependencies: ["MosaicVectors"], swiftSettings: numeric),

        // MARK: Media: libvips through a system-library target.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "MosaicMedia", dependencies: ["CVips", "MosaicCore"], swiftSettings: numeric),

        // MARK: Real-time: event log, trend detection, push fan-out.
        .target(name: "MosaicRealtime", dependencies: [
            "MosaicCore",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // MARK: Home feed: timelines, fan-out, ranking.
        .target(name: "MosaicFeed", dependencies: [
            "MosaicCore", "MosaicStore", "MosaicML",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // MARK: Explore: the four-stage recommendation funnel.
        .target(name: "MosaicExplore", dependencies: [
            "CPrefetch", "MosaicCore", "MosaicStore", "MosaicVectors", "MosaicML", "MosaicRealtime",
        ], swiftSettings: strict),

        // MARK: Synthetic worlds for the demo, tests and benchmarks.
        .target(name: "MosaicWorld", dependencies: ["MosaicCore"], swiftSettings: numeric),

        // MARK: HTTP API (Hummingbird 2).
        .target(name: "MosaicAPI", dependencies: [
            "MosaicCore", "MosaicStore", "MosaicMedia", "MosaicFeed", "MosaicExplore", "MosaicRealtime",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ], resources: [.copy("Resources")], swiftSettings: strict),

        // MARK: The `mosaic` command.
        .executableTarget(name: "MosaicCLI", dependencies: [
            "MosaicAPI", "MosaicWorld", "MosaicVectors", "MosaicML", "MosaicMedia", "MosaicFeed", "MosaicExplore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),

        // MARK: Tests (Swift Testing), one target per library target.
        .testTarget(name: "MosaicCoreTests", dependencies: ["MosaicCore"]),
        .testTarget(name: "MosaicStoreTests", dependencies: ["MosaicStore"]),
        .testTarget(name: "MosaicVectorsTests", dependencies: ["MosaicVectors"]),
        .testTarget(name: "MosaicMLTests", dependencies: ["MosaicML"]),
        .testTarget(name: "MosaicMediaTests", dependencies: ["MosaicMedia"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MosaicRealtimeTests", dependencies: ["MosaicRealtime"]),
        .testTarget(name: "MosaicFeedTests", dependencies: ["MosaicFeed"]),
        .testTarget(name: "MosaicExploreTests", dependencies: ["MosaicExplore"]),
        .testTarget(name: "MosaicWorldTests", dependencies: ["MosaicWorld"]),
        .testTarget(name: "MosaicAPITests", dependencies: ["MosaicAPI", "MosaicWorld"]),
    ],
    swiftLanguageModes: [.v6]
)
