import ArgumentParser
import Foundation
import MosaicFeed
import MosaicML
import MosaicWorld

/// `mosaic train feed`: the home-feed ranker trained on a generated world's engagement log and evaluated on a
/// held-out time split against chronological order. It uses the feed's own features (relationship, interest,
/// timeliness, popularity, creator) and writes the versioned model the server's home feed loads
/// (`<out>/feed/`, i.e. `mosaic-data/models/feed/` by default). `TrainCommand` hands its `feed` target here;
/// the option names carry a prefix so they cannot collide with the MovieLens options beside them.
struct FeedWorldTraining: ParsableArguments {
    @Option(help: "feed: users in the generated world.") var worldUsers: Int = 20_000
    @Option(help: "feed: generator seed.") var worldSeed: UInt64 = 42
    @Option(help: "feed: ranker training epochs.") var feedEpochs: Int = 4
    @Option(help: "feed: fraction of the log (oldest first, by time) used for training.") var feedTrainFraction: Double = 0.8
    @Flag(help: "feed: leave the simulated messages and profile visits out (their features read 0), for comparison.")
    var feedWithoutRelations = false

    /// Generates the world, trains, prints the evaluation and writes the model into `<modelsDirectory>/feed`.
    func run(modelsDirectory: String, quiet: Bool) throws {
        guard (0.05...0.95).contains(feedTrainFraction) else { throw ValidationError("--feed-train-fraction must be in 0.05…0.95") }
        let bar = quiet ? nil : ProgressBar("Generating world ")
        let world = WorldGenerator(config: WorldConfig(seed: worldSeed, userCount: worldUsers)).generate {
            bar?.update($0.overall, detail: $0.stage.rawValue)
        }
        bar?.finish("\(world.users.count) users, \(world.posts.count) posts, \(world.engagement.count) events")
        var settings = RankerTraining()
        settings.epochs = feedEpochs
        settings.showProgress = !quiet
        let version = "w\(worldUsers)-s\(worldSeed)-\(Int(Date().timeIntervalSince1970))"
        let start = Date()
        let log = Self.log(world, relations: !feedWithoutRelations)
        let messages = log.relations.reduce(0) { $0 + ($1.kind == .message ? 1 : 0) }
        print("relationship signals: \(messages) messages, \(log.relations.count - messages) profile visits")
        let (model, eval) = FeedTraining.run(log: log, trainFraction: feedTrainFraction, settings: settings, version: version)
        let path = try FeedModelFiles.save(model, directory: (modelsDirectory as NSString).appendingPathComponent("feed"))
        print(String(format: "feed ranker %@: %d train / %d held-out impressions, %d held-out sessions, %.1f s",
                     version, eval.trainExamples, eval.testExamples, eval.sessions, Date().timeIntervalSince(start)))
        print("positive rates (like, comment, save, share, follow, hide, dwell>10s): " +
              eval.positiveRates.map { String(format: "%.3f", $0) }.joined(separator: ", "))
        print(String(format: "NDCG@10 of engaged posts on the held-out %.0f%%: ranked %.4f, chronological %.4f (lift %+.1f%%)",
                     (1 - feedTrainFraction) * 100, eval.ndcgRanked, eval.ndcgChronological,
                     eval.ndcgChronological > 0 ? (eval.ndcgRanked / eval.ndcgChronological - 1) * 100 : 0))
        print("wrote \(path)")
    }

    /// The world's engagement log, messages and profile visits in the ranker's vocabulary.
    static func log(_ world: World, relations: Bool = true) -> FeedTrainingLog {
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
            categoryCount: WorldUsers.categoryCount,
            relations: !relations ? [] : world.relationships().map { r in
                FeedRelationEvent(unixMillis: r.unixMillis, user: r.user, target: r.target,
                                  kind: r.kind == .message ? .message : .profileVisit)
            })
    }
}
