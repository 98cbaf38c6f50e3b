import Foundation
import MosaicCore
import MosaicML
import MosaicStore

/// Serves the trained feed ranker: the reader's signals and the candidates' authors from `FeedSignalCache`
/// (the store only on a miss), then a single batched forward pass over all candidates, the feature rows
/// written into one contiguous matrix.
public final class ModelFeedScorer: FeedScorer {
    public let model: MultiTaskRanker
    let store: any FeedBackingStore
    let cache: FeedSignalCache

    /// `cache`: the engine's (`FeedEngine.rankingSignals`), which its write path keeps current; a private one
    /// is refreshed by age only.
    public init(model: MultiTaskRanker, store: any FeedBackingStore, cache: FeedSignalCache = FeedSignalCache()) {
        self.model = model; self.store = store; self.cache = cache
    }

    public func scores(viewer: UserID, posts: [Post], now: Date) async throws -> [Float] {
        guard !posts.isEmpty else { return [] }
        let reader = try await cache.reader(viewer, now: now, store: store)
        let authors = try await cache.authors(posts.map(\.authorID), store: store)
        var rows = Matrix(rows: posts.count, columns: FeedFeatures.count)
        rows.values.withUnsafeMutableBufferPointer { out in
            for (i, p) in posts.enumerated() {
                FeedFeatures.write(Self.signals(reader: reader, author: authors[p.authorID], post: p, now: now),
                                   into: out.baseAddress! + i * FeedFeatures.count)
            }
        }
        return model.values(rows)
    }

    /// One candidate's signals, exactly as `FeedExamples` computes them from the log.
    static func signals(reader: ReaderSignals, author: AuthorFacts?, post p: Post, now: Date) -> FeedSignals {
        var s = FeedSignals()
        let rel = reader.byAuthor[p.authorID] ?? .zero
        s.likesOfAuthor = rel[0]; s.commentsOnAuthor = rel[1]; s.savesOfAuthor = rel[2]; s.sharesOfAuthor = rel[3]
        s.messagesWithAuthor = rel[4]; s.profileVisitsToAuthor = rel[5]
        let inCategory = reader.byCategory[p.category] ?? 0
        s.categoryShare = reader.total > 0 ? inCategory / reader.total : 0
        s.categoryActions = inCategory; s.readerActions = reader.total
        s.ageHours = Float(now.timeIntervalSince(p.createdAt) / 3_600)
        s.likes = Float(p.likeCount); s.comments = Float(p.commentCount); s.saves = Float(p.saveCount)
        if let a = author { s.authorFollowers = Float(a.followers); s.authorVerified = a.verified ? 1 : 0 }
        return s
    }
}

/// Versioned ranker files: `<directory>/feed-ranker-<version>.mtr`, and `CURRENT` naming the one to serve.
/// A new version is written beside the old ones and `CURRENT` is swapped by rename, so a server starting
/// mid-training loads either the old model or the new one, never half of one.
public enum FeedModelFiles {
    public static func directory(data: String) -> String {
        ((data as NSString).appendingPathComponent("models") as NSString).appendingPathComponent("feed")
    }

    @discardableResult
    public static func save(_ model: MultiTaskRanker, directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "feed-ranker-\(model.version).mtr"
        let path = (directory as NSString).appendingPathComponent(name)
        try model.save(to: path)
        let current = (directory as NSString).appendingPathComponent("CURRENT")
        let temp = current + ".tmp"
        try Data(name.utf8).write(to: URL(fileURLWithPath: temp))
        _ = rename(temp, current)
        return path
    }

    /// The current model, or nil when none was trained.
    public static func loadCurrent(directory: String) throws -> MultiTaskRanker? {
        let current = (directory as NSString).appendingPathComponent("CURRENT")
        guard let name = try? String(contentsOfFile: current, encoding: .utf8) else { return nil }
        let model = try MultiTaskRanker.load(from: (directory as NSString).appendingPathComponent(name.trimmingCharacters(in: .whitespacesAndNewlines)))
        // A ranker trained on other features (another surface's) would score garbage: refuse it.
        guard model.featureNames == FeedFeatures.names else { return nil }
        return model
    }
}
