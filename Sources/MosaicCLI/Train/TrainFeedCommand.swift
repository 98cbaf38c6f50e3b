import ArgumentParser
import Foundation
import MosaicFeed
import MosaicML
import MosaicWorld

/// Trains the home-feed ranker on a generated world's engagement log and evaluates it on a held-out time
/// split against chronological order. (`mosaic train feed` on a MovieLens-style log is MosaicML's; this one
/// uses the feed's own features: relationship, interest, timeliness, popularity, creator.)
struct TrainFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed-world",
        abstract: "Train the home-feed ranker on a generated world; print NDCG@10 ranked vs chronological.")

    @Option(help: "Users in the generated world.") var users: Int = 20_000
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Option(help: "Data folder the server loads models from (writes <data>/models/feed/).") var data: String = "./mosaic-data"
    @Option(help: "Training epochs.") var epochs: Int = 4
    @Option(help: "Fraction of the log (by time) used for training.") var trainFraction: Double = 0.8

    func run() async throws {
        let bar = ProgressBar("Generating world ")
        let world = WorldGenerator(config: WorldConfig(seed: seed, userCount: users)).generate {
            bar.update($0.overall, detail: $0.stage.rawValue)
        }
        bar.finish()
        var settings = RankerTraining()
        settings.epochs = epochs
        settings.showProgress = true
        let version = "w\(users)-s\(seed)-\(Int(Date().timeIntervalSince1970))"
        let start = Date()
        let (model, eval) = FeedTraining.run(log: Self.log(world), trainFraction: trainFraction, settings: settings, version: version)
        let path = try FeedModelFiles.save(model, directory: FeedModelFiles.directory(data: data))
        print(String(format: "feed ranker %@: %d train / %d held-out impressions, %d sessions, %.1f s",
                     version, eval.trainExamples, eval.testExamples, eval.sessions, Date().timeIntervalSince(start)))
        print("positive rates (like, comment, save, share, follow, hide, dwell>10s): " +
              eval.positiveRates.map { String(format: "%.3f", $0) }.joined(separator: ", "))
        print(String(format: "NDCG@10 of engaged posts: ranked %.4f, chronological %.4f (lift %+.1f%%)",
                     eval.ndcgRanked, eval.ndcgChronological,
                     eval.ndcgChronological > 0 ? (eval.ndcgRanked / eval.ndcgChronological - 1) * 100 : 0))
        print("wrote \(path)")
    }

    /// The world's engagement log in the ranker's vocabulary.
    static func log(_ world: World) -> FeedTrainingLog {
        let kinds: [EngagementKind: FeedEventKind] = [.impression: .impression, .like: .like, .comment: .comment,
                                                      .save: .save, .share: .share, .hide: .hide]
        return FeedTrainingLog(
            postAuthors: world.posts.authors, postCategories: world.posts.categories,
            postCreatedAtMillis: world.posts.createdAtMillis,
            authorFollowers: (0..<world.users.count).map { Int32(world.graph.followerCount(of: $0)) },
            authorVerified: world.users.isCelebrity,
            events: world.engagement.map { e in
                FeedLogEvent(unixMillis: e.unixMillis, user: e.user, post: e.post, dwellMs: e.dwellMs,
                             kind: kinds[e.kind] ?? .impression, inFeed: e.fromFollowed)
            },
            categoryCount: WorldUsers.categoryCount)
    }
}
