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
    @Flag(help: "Also train a multi-task ranker version from Explore's own impression log (logs/explore), labelled by the engagement that followed, and save it to models/rankers for an experiment arm.")
    var rankersFromLog = false
    @Option(help: "Fewest labelled impressions to train a ranker version from.") var minImpressions = 500

    func run() async throws {
        let store = try SQLiteStore(directory: data, synchronousFull: false)
        let report = try await Self.train(store: store, data: data, days: days, maxEvents: maxEvents, epochs: epochs,
                                          dimension: dimension, progress: !quiet)
        print(String(format: "two-tower: %d examples in %.1f s (%.0f examples/s), final loss %.3f → %@",
                     report.examples, report.seconds, report.examplesPerSecond, report.finalLoss,
                     ExploreModelFiles.twoTower(data: data)))
        try await Self.impressionLog(store: store, data: data, train: rankersFromLog, minimum: minImpressions)
    }

    /// Labels the impression log with the engagement that followed, prints each experiment arm's engagement rate,
    /// and (when asked) trains a ranker version on the labelled rows.
    static func impressionLog(store: SQLiteStore, data: String, train: Bool, minimum: Int) async throws {
        let records = try ExploreLogFile.read(data: data)
        guard !records.isEmpty else { return print("explore log: empty (\(ExploreLogFile.directory(data: data)))") }
        let engagements = try await store.engagementLog(since: .distantPast, limit: 5_000_000)
        let impressions = ImpressionLabelling.impressions(records, engagements: engagements)
        print("explore log: \(impressions.count) impressions")
        for a in ImpressionLabelling.report(impressions) {
            let (lo, hi) = a.interval
            print(String(format: "  arm %-12@ %-28@ %6d viewers %8d impressions  engaged %.2f %% [%.2f, %.2f]",
                         a.arm as NSString, a.modelVersion as NSString, a.viewers, a.impressions, 100 * a.rate, 100 * lo, 100 * hi))
        }
        guard train else { return }
        let rows = ImpressionLabelling.trainingRows(impressions)
        guard rows.count >= minimum else {
            return print("ranker from log: \(rows.count) impressions with logged features, fewer than \(minimum); not trained")
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let trained = ExploreRankerTraining.train(rows, version: "explore-log-\(stamp)")
        let path = try ExploreModelFiles.saveRankerVersion(trained.heavy, data: data)
        print("ranker from log: \(rows.count) impressions → \(trained.heavy.version) at \(path)")
        print("  serve it to half the users: mosaic serve --experiment log:0-50:\(trained.heavy.version)")
    }

    static func train(store: SQLiteStore, data: String, days: Double = 30, maxEvents: Int = 2_000_000, epochs: Int,
                      dimension: Int = 64, progress: Bool) async throws -> TwoTowerTrainer.Report {
        var c = TwoTowerConfiguration()
        c.epochs = epochs
        c.outputDimension = dimension
        // A quarter of the examples are seen as a new user would be (no ID row, a few recent actions), so a
        // user who signed up after training gets a useful vector from their first likes.
        c.userIDDropout = 0.25
        return try await ExploreModelFiles.trainTwoTower(store: store, data: data, now: Date(), days: days,
                                                         maxEvents: maxEvents, configuration: c, showProgress: progress)
    }
}
