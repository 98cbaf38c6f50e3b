import Foundation
import MosaicCore
import MosaicStore

/// The benchmark's input in dense indices: a follow graph in both directions (CSR), who is active, and a
/// stream of posts in time order. MosaicWorld's generated world converts to this in a few lines.
public struct FeedBenchmarkInput: Sendable {
    public var followerOffsets: [Int]
    public var followerSources: [Int32]
    public var followingOffsets: [Int]
    public var followingTargets: [Int32]
    /// Active within the inactivity window (push targets under the hybrid design).
    public var active: [Bool]
    /// Author of each post, oldest first.
    public var postAuthors: [Int32]
    /// Readers whose first page is timed.
    public var readers: [Int32]

    public init(followerOffsets: [Int], followerSources: [Int32], followingOffsets: [Int], followingTargets: [Int32],
                active: [Bool], postAuthors: [Int32], readers: [Int32]) {
        self.followerOffsets = followerOffsets; self.followerSources = followerSources
        self.followingOffsets = followingOffsets; self.followingTargets = followingTargets
        self.active = active; self.postAuthors = postAuthors; self.readers = readers
    }

    public var userCount: Int { active.count }
    func followerCount(_ u: Int) -> Int { followerOffsets[u + 1] - followerOffsets[u] }
    func followingCount(_ u: Int) -> Int { followingOffsets[u + 1] - followingOffsets[u] }
}

/// The three home-feed designs the issue compares.
public enum FeedDesign: String, CaseIterable, Sendable {
    /// Every post is written into every follower's timeline.
    case push
    /// Nothing is written; every read merges the followees' recent posts.
    case pull
    /// Push below the celebrity threshold (to active readers following at most `maxPushFollowing`), pull the rest.
    case hybrid
}

/// One design's figures.
public struct FeedBenchmarkRow: Sendable {
    public var design: FeedDesign
    public var posts = 0
    public var writesMean = 0.0
    public var writesP99 = 0
    public var writesMax = 0
    /// The most timeline writes any single post by an account at or above the threshold cost.
    public var celebrityWritesMax = 0
    public var fanOutSeconds = 0.0
    public var writesPerSecond = 0.0
    public var readP50Micros = 0.0
    public var readP99Micros = 0.0
    public var readMaxMicros = 0.0
    public var timelineEntries = 0
    public var timelineMegabytes = 0.0
    /// The timelines' heap footprint (`ShardedTimelineCache.allocatedBytes`), in MB.
    public var allocatedMegabytes = 0.0
}

/// Replays one post stream through a design's write path into `ShardedTimelineCache`, then times first
/// pages for the sampled readers through the same read-time merge (`FeedMerge`) the engine uses. This is
/// the in-process data path; the engine adds the store queries around it.
public struct FeedBenchmark: Sendable {
    public var configuration: FeedConfiguration
    public var pageSize = 20
    public init(configuration: FeedConfiguration = FeedConfiguration()) { self.configuration = configuration }

    public func run(_ input: FeedBenchmarkInput, design: FeedDesign) -> FeedBenchmarkRow {
        var row = FeedBenchmarkRow(design: design)
        let cache = ShardedTimelineCache(capacity: configuration.timelineCapacity)
        var authorPosts = [[TimelineEntry]](repeating: [], count: input.userCount)
        var writes = [Int](repeating: 0, count: input.postAuthors.count)
        let threshold = configuration.celebrityThreshold, maxFollowing = configuration.maxPushFollowing
        var targets: [UserID] = []
        targets.reserveCapacity(input.followerSources.count / max(input.userCount, 1) * 4)
        let start = DispatchTime.now().uptimeNanoseconds
        for (i, a) in input.postAuthors.enumerated() {
            let author = Int(a)
            let entry = TimelineEntry(postID: MosaicID(rawValue: UInt64(i + 1)), authorID: Self.id(author))
            authorPosts[author].append(entry)
            let celebrity = input.followerCount(author) >= threshold
            switch design {
            case .pull: continue
            case .hybrid where celebrity: continue
            case .push, .hybrid:
                targets.removeAll(keepingCapacity: true)
                for f in input.followerSources[input.followerOffsets[author]..<input.followerOffsets[author + 1]] {
                    let reader = Int(f)
                    if design == .hybrid && (!input.active[reader] || input.followingCount(reader) > maxFollowing) { continue }
                    targets.append(Self.id(reader))
                }
                writes[i] = cache.insert(entry, into: targets, createMissing: true)
            }
            if celebrity { row.celebrityWritesMax = max(row.celebrityWritesMax, writes[i]) }
        }
        row.fanOutSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        row.posts = writes.count
        let total = writes.reduce(0, +)
        row.writesMean = writes.isEmpty ? 0 : Double(total) / Double(writes.count)
        let sortedWrites = writes.sorted()
        row.writesP99 = sortedWrites.isEmpty ? 0 : sortedWrites[min(sortedWrites.count - 1, sortedWrites.count * 99 / 100)]
        row.writesMax = sortedWrites.last ?? 0
        row.writesPerSecond = row.fanOutSeconds > 0 ? Double(total) / row.fanOutSeconds : 0

        var latencies: [Double] = []
        latencies.reserveCapacity(input.readers.count)
        var checksum = 0
        for r in input.readers {
            let reader = Int(r)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let page = read(reader, design: design, input: input, cache: cache, authorPosts: authorPosts)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000)
            checksum &+= page.count
        }
        latencies.sort()
        if !latencies.isEmpty {
            row.readP50Micros = latencies[latencies.count / 2]
            row.readP99Micros = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
            row.readMaxMicros = latencies[latencies.count - 1]
        }
        let stats = cache.statistics()
        row.timelineEntries = stats.entries
        row.timelineMegabytes = Double(stats.entries * MemoryLayout<TimelineEntry>.stride) / 1_048_576
        row.allocatedMegabytes = Double(cache.allocatedBytes()) / 1_048_576
        precondition(checksum >= 0)
        return row
    }

    /// The first page of `reader`'s feed under `design`.
    func read(_ reader: Int, design: FeedDesign, input: FeedBenchmarkInput, cache: ShardedTimelineCache,
              authorPosts: [[TimelineEntry]]) -> [TimelineEntry] {
        let followees = input.followingTargets[input.followingOffsets[reader]..<input.followingOffsets[reader + 1]]
        switch design {
        case .push:
            return cache.entries(of: Self.id(reader), before: nil, limit: pageSize) ?? []
        case .pull:
            return FeedMerge.newest(of: followees.map { authorPosts[Int($0)][...] }, limit: pageSize)
        case .hybrid:
            let heavy = followees.count > configuration.maxPushFollowing
            let pushed = heavy ? [] : cache.entries(of: Self.id(reader), before: nil, limit: pageSize) ?? []
            var lists: [ArraySlice<TimelineEntry>] = []
            for f in followees where heavy || input.followerCount(Int(f)) >= configuration.celebrityThreshold {
                lists.append(authorPosts[Int(f)][...])
            }
            let pulled = FeedMerge.newest(of: lists, limit: pageSize)
            return FeedMerge.merge(pushed: pushed, pulled: pulled, limit: pageSize)
        }
    }

    @inline(__always) static func id(_ index: Int) -> UserID { MosaicID(rawValue: UInt64(index) + 1) }

    /// The process's peak resident set (VmHWM), in MB: the world, the post stream and every design run so far.
    public static func peakResidentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// The README table.
    public static func table(_ rows: [FeedBenchmarkRow]) -> String {
        var out = "| design | posts | writes/post mean | p99 | max | max writes, celebrity post | fan-out writes/s | read p50 µs | read p99 µs | timeline entries | entries MB | timelines heap MB |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for r in rows {
            out += String(format: "| %@ | %d | %.1f | %d | %d | %d | %.2f M | %.1f | %.1f | %d | %.0f | %.0f |\n",
                          r.design.rawValue, r.posts, r.writesMean, r.writesP99, r.writesMax, r.celebrityWritesMax,
                          r.writesPerSecond / 1e6, r.readP50Micros, r.readP99Micros, r.timelineEntries,
                          r.timelineMegabytes, r.allocatedMegabytes)
        }
        return out
    }
}
