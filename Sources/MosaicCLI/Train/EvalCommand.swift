import ArgumentParser
import Foundation
import MosaicML
import MosaicWorld

/// `mosaic eval`: train on the past, measure on the held-out future, beside the baselines.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Offline evaluation of retrieval and rankers against popularity, item-kNN, ALS and BPR.")

    @Option(help: "MovieLens folder (100K, 1M or RecBole atomic files) or a user,item,rating,timestamp CSV file.")
    var data: String = "bench-out/data/ml-100k"
    @Option(help: "Optional item CSV (item,categories,title) for a CSV interaction file.")
    var items: String?
    @Option(help: "chronological (ratings ≥ --min-rating, each user's last 20 % as test) or stratified (Recommenders' 75/25 by item).")
    var split: String = "chronological"
    @Option(help: "Explicit test rows (user,item,…): overrides the --split computation.")
    var splitFile: String?
    @Option(help: "Lowest rating that counts as engagement in the chronological protocol.")
    var minRating: Float = 4
    @Option(help: "Evaluate on a generated world of this many users instead of --data (0: off).")
    var worldUsers: Int = 0
    @Option(help: "Generated world: seed.") var worldSeed: UInt64 = 42
    @Option(help: "Generated world: mean impressions per user over its 30 days (more gives longer histories).")
    var worldImpressions: Double = 400
    @Option(help: "Dataset name for the table (default ml-100k, or world-<users> with --world-users).")
    var name: String?
    @Option(help: "Output folder: split files, top-100 lists, results.csv, results.png, models.")
    var out: String?
    @OptionGroup var tower: TowerOptions
    @Option(help: "Epochs without validation improvement before the towers stop.") var patience: Int = 2
    @Option(help: "Python peers script (implicit, cornac); empty to skip.") var peers: String = "bench/eval/peers.py"
    @Option(help: "Peer methods to run.") var peerMethods: String = "item-knn,implicit-als,implicit-bpr,cornac-bpr"
    @Option(help: "Plot script; empty to skip.") var plot: String = "bench/eval/plot.py"
    @Flag(help: "No progress bars.") var quiet = false
    @Flag(inversion: .prefixedNo, help: "Also score the final list after Explore's MMR, category quota, and both.")
    var diversity = true

    func run() async throws {
        let dataset: InteractionDataset
        var minimumLabel = minRating
        if worldUsers > 0 {
            var config = WorldConfig.scaled(users: worldUsers, seed: worldSeed)
            config.impressionsPerUser = worldImpressions
            let world = WorldGenerator(config: config).generate { _ in }
            dataset = WorldInteractions.dataset(world)
            minimumLabel = min(minRating, 1)  // engagement events carry label 1
            FileHandle.standardError.write(Data(("world: \(world.users.count) users, \(world.posts.count) posts, "
                + "\(dataset.interactions.count) engaged (user, post) pairs\n").utf8))
        } else {
            dataset = try DatasetSource.load(path: data, items: items)
        }
        let name = self.name ?? (worldUsers > 0 ? "world-\(worldUsers)" : "ml-100k")
        let protocolName: String
        let chosen: DatasetSplit
        if let splitFile {
            chosen = .explicit(dataset, testPairs: try CSVInteractionLoader.loadPairs(splitFile))
            protocolName = split == "chronological" ? "explicit" : split
        } else if split == "stratified" {
            chosen = .stratified(dataset)
            protocolName = "stratified"
        } else {
            chosen = .chronological(dataset, minimumLabel: minimumLabel)
            protocolName = "chronological"
        }
        var o = OfflineEvaluation.Options()
        o.datasetName = name
        o.protocolName = protocolName
        o.outputDirectory = out ?? "bench-out/eval/\(name)-\(protocolName)"
        tower.apply(to: &o.retrieval)
        o.patience = patience
        o.validationByTime = protocolName == "chronological"
        o.peersScript = peers.isEmpty ? nil : peers
        o.peerMethods = peerMethods
        o.plotScript = plot.isEmpty ? nil : plot
        o.showProgress = !quiet
        if diversity { o.postProcessors = DiversityPostProcessing.variants(categories: dataset.itemCategories) }
        let rows = try OfflineEvaluation.run(data: dataset, split: chosen, options: o)
        print(OfflineEvaluation.markdown(rows))
        print("results: \(o.outputDirectory)/results.csv, chart: \(o.outputDirectory)/results.png")
    }
}
