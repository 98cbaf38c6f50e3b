import Foundation
import MosaicCore

/// The viewer-independent candidate lists — hot, popular everywhere, per region, per category, per region and category —
/// computed from the whole catalog once and shared by every request until the catalog changes. A request then
/// filters a few thousand pooled entries by its own policy instead of scanning a million posts: this is what
/// keeps Explore's retrieval stage flat as the catalog grows.
public struct CandidatePools: Sendable {
    public var version: UInt64
    public var builtAt: Date
    /// Posts of the last 30 minutes, newest first.
    public var hot: [CatalogEntry]
    /// The most popular live posts (engagement per hour of age), everywhere.
    public var popular: [CatalogEntry]
    public var popularByRegion: [String: [CatalogEntry]]
    public var popularByCategory: [String: [CatalogEntry]]
    /// Per region, per category: the cold-start source's "popular in your region within your interests".
    public var popularByRegionCategory: [String: [String: [CatalogEntry]]]

    /// How many entries each list keeps. Requests filter these by policy, so the lists are several times
    /// longer than what a request takes from them.
    public struct Limits: Sendable {
        public var hot = 600
        public var popular = 2_000
        public var perRegion = 600
        public var perCategory = 600
        public var perRegionCategory = 200
        public init() {}
    }

    public static let empty = CandidatePools(version: 0, builtAt: .distantPast, hot: [], popular: [],
                                             popularByRegion: [:], popularByCategory: [:], popularByRegionCategory: [:])

    /// One pass over the catalog with bounded heaps per list: O(n log k) time, O(k) memory per list.
    public static func build(_ entries: [CatalogEntry], now: Date, horizon: TimeInterval, version: UInt64,
                             limits: Limits = Limits()) -> CandidatePools {
        let since = now.addingTimeInterval(-horizon)
        let hotSince = now.addingTimeInterval(-30 * 60)
        var hot = TopK(limits.hot)
        var popular = TopK(limits.popular)
        var regions: [String: TopK] = [:]
        var categories: [String: TopK] = [:]
        var regionCategories: [String: [String: TopK]] = [:]
        for (i, e) in entries.enumerated() where !e.deleted && !e.authorPrivate && e.createdAt >= since && e.createdAt <= now {
            let p = e.popularity(now: now)
            popular.offer(p, i)
            if !e.authorRegion.isEmpty { regions[e.authorRegion, default: TopK(limits.perRegion)].offer(p, i) }
            if !e.category.isEmpty { categories[e.category, default: TopK(limits.perCategory)].offer(p, i) }
            if !e.category.isEmpty, !e.authorRegion.isEmpty {
                regionCategories[e.authorRegion, default: [:]][e.category, default: TopK(limits.perRegionCategory)].offer(p, i)
            }
            if e.createdAt >= hotSince { hot.offer(Float(e.createdAt.timeIntervalSince(hotSince)), i) }
        }
        return CandidatePools(version: version, builtAt: now,
                              hot: hot.sortedIndices().map { entries[$0] },
                              popular: popular.sortedIndices().map { entries[$0] },
                              popularByRegion: regions.mapValues { $0.sortedIndices().map { entries[$0] } },
                              popularByCategory: categories.mapValues { $0.sortedIndices().map { entries[$0] } },
                              popularByRegionCategory: regionCategories.mapValues { $0.mapValues { $0.sortedIndices().map { entries[$0] } } })
    }
}

/// The k largest (score, index) pairs seen: a min-heap whose root is the weakest kept entry.
struct TopK {
    private(set) var heap: [(score: Float, index: Int)] = []
    let k: Int

    init(_ k: Int) { self.k = k; heap.reserveCapacity(min(k, 1024)) }

    mutating func offer(_ score: Float, _ index: Int) {
        guard k > 0 else { return }
        if heap.count < k {
            heap.append((score, index))
            var c = heap.count - 1
            while c > 0 {
                let p = (c - 1) / 2
                guard heap[c].score < heap[p].score else { break }
                heap.swapAt(c, p); c = p
            }
        } else if score > heap[0].score {
            heap[0] = (score, index)
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < heap.count, heap[l].score < heap[m].score { m = l }
                if r < heap.count, heap[r].score < heap[m].score { m = r }
                if m == p { break }
                heap.swapAt(p, m); p = m
            }
        }
    }

    /// Indices, best first (ties by index for determinism).
    func sortedIndices() -> [Int] {
        heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }.map(\.index)
    }
}
