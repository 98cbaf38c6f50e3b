import ArgumentParser
import Foundation
import MosaicML

/// `mosaic train [retrieval|light|ranker|feed|all]`: trains on a whole log and writes versioned model files.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the two-tower retrieval model and the light, multi-task and feed rankers.")

    @Argument(help: "retrieval, light, ranker, feed or all.")
    var target: String = "all"
    @Option(help: "MovieLens folder or user,item,rating,timestamp CSV file.")
    var data: String = "bench-out/data/ml-100k"
    @Option(help: "Optional item CSV (item,categories,title).") var items: String?
    @Option(help: "Lowest rating that counts as engagement.") var minRating: Float = 4
    @Option(help: "Models folder (inside the data folder the server loads from).") var out: String = "mosaic-data/models"
    @OptionGroup var tower: TowerOptions
    @Flag(help: "No progress bars.") var quiet = false
    @OptionGroup(title: "feed (the home-feed ranker, on a generated world's engagement log)") var feedWorld: FeedWorldTraining

    func run() async throws {
        guard let t = ModelTraining.Target(rawValue: target) else {
            throw ValidationError("target must be one of \(ModelTraining.Target.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if t == .feed { return try feedWorld.run(modelsDirectory: out, quiet: quiet) }
        let dataset = try DatasetSource.load(path: data, items: items)
        var o = OfflineEvaluation.Options()
        tower.apply(to: &o.retrieval)
        o.showProgress = !quiet
        let summary = try ModelTraining.train(t, data: dataset, positives: dataset.positives(minimumLabel: minRating),
                                              options: o, modelsDirectory: out)
        for line in summary.lines { print(line) }
        for file in summary.files { print("wrote \(file)") }
    }
}
