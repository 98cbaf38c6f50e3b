import Foundation
import MosaicCore
import MosaicML
import MosaicStore

/// Serves the trained feed ranker: one store query for the reader's engagement tallies, one for the
/// candidates' authors, then a single batched forward pass over all candidates.
public final class ModelFeedScorer: FeedScorer {
    public let model: MultiTaskRanker
    let store: any FeedBackingStore
    /// How far back the reader's engagement counts (relationship and interest signals).
    let lookback: TimeInterval

    public init(model: MultiTaskRanker, store: any FeedBackingStore, lookback: TimeInterval = 90 * 86_400) {
        self.model = model; self.store = store; self.lookback = lookback
    }

    public func scores(viewer: UserID, posts: [Post], now: Date) async throws -> [Float] {
        guard !posts.isEmpty else { return [] }
        let tallies = try await store.engagementTallies(viewer: viewer, since: now.addingTimeInterval(-lookback))
        var byAuthor: [UserID: SIMD4<Float>] = [:]
        var byCategory: [String: Float] = [:]
        var total: Float = 0
        for t in tallies {
            let v = SIMD4<Float>(Float(t.likes), Float(t.comments), Float(t.saves), Float(t.shares))
            byAuthor[t.author, default: .zero] += v
            let sum = v.sum()
            byCategory[t.category, default: 0] += sum
            total += sum
        }
        let authors = try await store.users(ids: posts.map(\.authorID))
        var rows = Matrix(rows: posts.count, columns: FeedFeatures.count)
        rows.values.withUnsafeMutableBufferPointer { out in
            for (i, p) in posts.enumerated() {
                var s = FeedSignals()
                let rel = byAuthor[p.authorID] ?? .zero
                s.likesOfAuthor = rel[0]; s.commentsOnAuthor = rel[1]; s.savesOfAuthor = rel[2]; s.sharesOfAuthor = rel[3]
                let inCategory = byCategory[p.category] ?? 0
                s.categoryShare = total > 0 ? inCategory / total : 0
                s.categoryActions = inCategory; s.readerActions = total
                s.ageHours = Float(now.timeIntervalSince(p.createdAt) / 3_600)
                s.likes = Float(p.likeCount); s.comments = Float(p.commentCount); s.saves = Float(p.saveCount)
                if let a = authors[p.authorID] {
                    s.authorFollowers = Float(a.followerCount); s.authorVerified = a.isVerified ? 1 : 0
                }
                FeedFeatures.write(s, into: out.baseAddress! + i * FeedFeatures.count)
            }
        }
        return model.values(rows)
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
