import ArgumentParser

/// `mosaic`: serve the API, run the demo community, train and evaluate models, benchmark.
@main
struct MosaicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mosaic",
        abstract: "Mosaic: a photo-sharing backend with a real recommendation engine.",
        subcommands: [ServeCommand.self, DemoCommand.self, TrainCommand.self, RetrainCommand.self, EvalCommand.self, BenchCommand.self])
}

/// `mosaic bench …`: every figure in the README comes from one of these.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that run Mosaic and its peers on the same data in the same run.",
        subcommands: [BenchANNCommand.self, BenchMediaCommand.self, BenchSearchCommand.self, BenchExploreCommand.self,
                      BenchFeedCommand.self, BenchTrendsCommand.self, WorldBenchCommand.self])
}
