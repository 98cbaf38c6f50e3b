import Foundation
import MosaicCore
import MosaicML
import MosaicRealtime
import MosaicStore

/// Where Explore's trained models live in a data folder, and how they are trained from the folder's own data.
public enum ExploreModelFiles {
    public static func directory(data: String) -> String { (data as NSString).appendingPathComponent("models") }
    public static func twoTower(data: String) -> String { (directory(data: data) as NSString).appendingPathComponent("two-tower.model") }

    public static func lightRanker(data: String) -> String { (directory(data: data) as NSString).appendingPathComponent("explore-light-ranker.model") }
    public static func multiTaskRanker(data: String) -> String { (directory(data: data) as NSString).appendingPathComponent("explore-multi-task-ranker.model") }

    /// Explore's trained rankers, when both exist.
    public static func loadRankers(data: String) throws -> (light: LightModelScorer, heavy: MultiTaskScorer)? {
        let l = lightRanker(data: data), h = multiTaskRanker(data: data)
        guard FileManager.default.fileExists(atPath: l), FileManager.default.fileExists(atPath: h) else { return nil }
        return (LightModelScorer(model: try LightRanker.load(from: l)), MultiTaskScorer(model: try MultiTaskRanker.load(from: h)))
    }

    public static func saveRankers(_ light: LightRanker, _ heavy: MultiTaskRanker, data: String) throws {
        try FileManager.default.createDirectory(atPath: directory(data: data), withIntermediateDirectories: true)
        try light.save(to: lightRanker(data: data))
        try heavy.save(to: multiTaskRanker(data: data))
    }

    /// Further multi-task ranker versions (`models/rankers/<version>.model`), for experiment arms and shadow scoring.
    public static func rankerVersions(data: String) -> String { (directory(data: data) as NSString).appendingPathComponent("rankers") }

    public static func loadRankerVersions(data: String) throws -> [MultiTaskScorer] {
        let dir = rankerVersions(data: data)
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return try files.filter { $0.hasSuffix(".model") }.sorted().map {
            MultiTaskScorer(model: try MultiTaskRanker.load(from: (dir as NSString).appendingPathComponent($0)))
        }
    }

    /// Saves `heavy` as a version an experiment can name; the served default is untouched.
    public static func saveRankerVersion(_ heavy: MultiTaskRanker, data: String) throws -> String {
        let dir = rankerVersions(data: data)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let safe = String(heavy.version.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        let path = (dir as NSString).appendingPathComponent("\(safe).model")
        try heavy.save(to: path)
        return path
    }

    /// The two-tower model saved in `data`, if one was trained.
    public static func loadTwoTower(data: String) throws -> TwoTowerModel? {
        let path = twoTower(data: data)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try TwoTowerModel.load(from: path)
    }

    /// Trains the retrieval model on the engagement of the last `days` days (at most the newest `maxEvents`) and saves it (atomically) beside
    /// the data it came from. Returns the trainer's report.
    public static func trainTwoTower(store: any RetrievalCorpus.Store, data: String, now: Date, days: Double = 30,
                                     maxEvents: Int = 5_000_000, configuration: TwoTowerConfiguration = TwoTowerConfiguration(),
                                     showProgress: Bool = false) async throws -> TwoTowerTrainer.Report {
        let dataset = try await RetrievalCorpus.load(from: store, since: now.addingTimeInterval(-days * 86_400), maxEvents: maxEvents)
        let stamp = ISO8601DateFormatter().string(from: now)
        let trained = TwoTowerTrainer(configuration: configuration, showProgress: showProgress)
            .train(data: dataset, positives: dataset.interactions, version: "two-tower-\(stamp)")
        try FileManager.default.createDirectory(atPath: directory(data: data), withIntermediateDirectories: true)
        try trained.model.save(to: twoTower(data: data))
        return trained.report
    }
}

extension TrendDetector: TrendingPosts {}
