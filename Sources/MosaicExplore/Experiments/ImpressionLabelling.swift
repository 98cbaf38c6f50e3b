import Foundation
import MosaicCore
import MosaicStore

/// One served Explore item, joined with what the viewer did about it afterwards.
public struct LoggedImpression: Sendable, Equatable {
    public var viewer: UserID
    public var post: PostID
    public var position: Int
    public var at: Date
    public var bucket: Int
    public var arm: String
    public var modelVersion: String
    public var source: String
    public var heavyScore: Float?
    public var shadowScore: Float?
    public var features: [Float]?
    /// like, comment, save, share within the window after the page was served.
    public var engaged: Set<EngagementRow.Kind>
}

/// Labels logged impressions with later engagement — the batch join a training pipeline runs — and reports
/// each experiment arm's engagement rate.
public enum ImpressionLabelling {
    /// Every served post of every logged list (at its position in the list), labelled by engagements of the same viewer on the same post
    /// made after the page was served and within `window`. A post served twice to a viewer is two impressions.
    public static func impressions(_ records: [ExploreLogRecord], engagements: [EngagementRow],
                                   window: TimeInterval = 3_600) -> [LoggedImpression] {
        var lists: [UInt64: (list: RankedList, positions: [PostID: Int])] = [:]
        for case .ranked(let l) in records {
            lists[l.request] = (l, Dictionary(l.items.enumerated().map { ($1.post, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        struct Key: Hashable { let user: UserID; let post: PostID }
        var byPair: [Key: [EngagementRow]] = [:]
        for e in engagements { byPair[Key(user: e.user, post: e.post), default: []].append(e) }
        var out: [LoggedImpression] = []
        for case .served(let page) in records {
            guard let (list, positions) = lists[page.request], list.viewer == page.viewer else { continue }
            // By post, not by offset + index: a post deleted since ranking is missing from its page, and counting
            // positions would shift every later post of the page onto the wrong list item.
            for post in page.posts {
                guard let position = positions[post], position >= page.offset else { continue }
                let item = list.items[position]
                let kinds = (byPair[Key(user: page.viewer, post: post)] ?? [])
                    .filter { $0.at >= page.at && $0.at.timeIntervalSince(page.at) <= window }.map(\.kind)
                out.append(LoggedImpression(viewer: page.viewer, post: post, position: position, at: page.at,
                                            bucket: list.bucket, arm: list.arm, modelVersion: list.modelVersion,
                                            source: item.source, heavyScore: item.heavyScore, shadowScore: item.shadowScore,
                                            features: item.features, engaged: Set(kinds)))
            }
        }
        return out
    }

    /// Training rows for the rankers: impressions whose features were logged, labels in the order of
    /// `ExploreRankerTraining.tasks` (like, comment, save, share; follow and hide are not in the store's log: NaN).
    public static func trainingRows(_ impressions: [LoggedImpression]) -> [LabelledImpression] {
        impressions.compactMap { imp in
            guard let f = imp.features else { return nil }
            let has = { (k: EngagementRow.Kind) -> Float in imp.engaged.contains(k) ? 1 : 0 }
            return LabelledImpression(features: f, labels: [has(.like), has(.comment), has(.save), has(.share), .nan, .nan])
        }
    }

    /// One arm's outcome: how many impressions, how many engaged, and the rate with a 95 % Wilson interval.
    public struct ArmReport: Sendable, Equatable {
        public var arm: String
        public var modelVersion: String
        public var viewers: Int
        public var impressions: Int
        public var engaged: Int
        public var rate: Double { impressions == 0 ? 0 : Double(engaged) / Double(impressions) }
        public var interval: (low: Double, high: Double) {
            let n = Double(impressions), z = 1.96
            guard n > 0 else { return (0, 0) }
            let p = rate, z2 = z * z
            let centre = (p + z2 / (2 * n)) / (1 + z2 / n), margin = z * ((p * (1 - p) + z2 / (4 * n)) / n).squareRoot() / (1 + z2 / n)
            return (max(0, centre - margin), min(1, centre + margin))
        }
        public static func == (a: ArmReport, b: ArmReport) -> Bool {
            a.arm == b.arm && a.modelVersion == b.modelVersion && a.viewers == b.viewers && a.impressions == b.impressions
                && a.engaged == b.engaged
        }
    }

    public static func report(_ impressions: [LoggedImpression]) -> [ArmReport] {
        var arms: [String: (version: String, viewers: Set<UserID>, n: Int, engaged: Int)] = [:]
        for i in impressions {
            var a = arms[i.arm] ?? (i.modelVersion, [], 0, 0)
            a.viewers.insert(i.viewer); a.n += 1; if !i.engaged.isEmpty { a.engaged += 1 }
            arms[i.arm] = a
        }
        return arms.map { ArmReport(arm: $0.key, modelVersion: $0.value.version, viewers: $0.value.viewers.count,
                                    impressions: $0.value.n, engaged: $0.value.engaged) }.sorted { $0.arm < $1.arm }
    }
}
