import ArgumentParser
import Foundation
import MosaicExplore
import MosaicML
import MosaicStore

/// `mosaic retrain`: trains Explore's two-tower retrieval model on a data folder's own engagement and saves it
/// where `mosaic serve` loads it from (`<data>/models/two-tower.model`; restart to pick it up).
struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retrain",
        abstract: "Train Explore's two-tower retrieval model on a data folder's engagement.")

    @Option(help: "Data folder of a Mosaic server.") var data: String = "./mosaic-data"
    @Option(help: "Days of engagement to learn from.") var days: Double = 30
    @Option(help: "Learn from at most this many of the newest engagements.") var maxEvents: Int = 2_000_000
    @Option(help: "Epochs.") var epochs: Int = 5
    @Option(help: "Output dimension (64–256).") var dimension: Int = 64
    @Flag(help: "No progress bar.") var quiet = false

    func run() async throws {
        let store = try SQLiteStore(directory: data, synchronousFull: false)
        let report = try await Self.train(store: store, data: data, days: days, maxEvents: maxEvents, epochs: epochs,
                                          dimension: dimension, progress: !quiet)
        print(String(format: "two-tower: %d examples in %.1f s (%.0f examples/s), final loss %.3f → %@",
                     report.examples, report.seconds, report.examplesPerSecond, report.finalLoss,
                     ExploreModelFiles.twoTower(data: data)))
    }

    static func train(store: SQLiteStore, data: String, days: Double = 30, maxEvents: Int = 2_000_000, epochs: Int,
                      dimension: Int = 64, progress: Bool) async throws -> TwoTowerTrainer.Report {
        var c = TwoTowerConfiguration()
        c.epochs = epochs
        c.outputDimension = dimension
        return try await ExploreModelFiles.trainTwoTower(store: store, data: data, now: Date(), days: days,
                                                         maxEvents: maxEvents, configuration: c, showProgress: progress)
    }
}
