import MosaicCore
import MosaicStore
import Testing
@testable import MosaicFeed

@Suite struct TimelineCacheTests {
    func entry(_ post: UInt64, _ author: UInt64 = 1) -> TimelineEntry {
        TimelineEntry(postID: MosaicID(rawValue: post), authorID: MosaicID(rawValue: author))
    }
    let alice = MosaicID(rawValue: 1_000), bob = MosaicID(rawValue: 2_000)

    @Test func keepsTheNewestCapacityEntriesInOrder() {
        let cache = ShardedTimelineCache(capacity: 5)
        for p in [3, 9, 1, 7, 5, 11, 2] as [UInt64] { cache.insert(entry(p), into: [alice], createMissing: true) }
        #expect(cache.entries(of: alice, before: nil, limit: 10)?.map(\.postID.rawValue) == [11, 9, 7, 5, 3])
        #expect(cache.entries(of: alice, before: MosaicID(rawValue: 7), limit: 2)?.map(\.postID.rawValue) == [5, 3])
        // Older than everything in a full timeline: dropped, not inserted.
        #expect(cache.insert(entry(1), into: [alice], createMissing: true) == 0)
    }

    @Test func insertsAreIdempotentAndSkipUnloadedTimelines() {
        let cache = ShardedTimelineCache(capacity: 10)
        cache.load(alice, entries: [])
        #expect(cache.insert(entry(4), into: [alice, bob], createMissing: false) == 1)
        #expect(cache.insert(entry(4), into: [alice, bob], createMissing: false) == 0)
        #expect(cache.count(of: alice) == 1)
        #expect(cache.entries(of: bob, before: nil, limit: 10) == nil, "bob's copy lives in the store only")
    }

    @Test func allocatedBytesCoverTheEntriesAndGrowWithThem() {
        let cache = ShardedTimelineCache(capacity: 800)
        let empty = cache.allocatedBytes()
        for p in 1...100 as ClosedRange<UInt64> { cache.insert(entry(p), into: [alice, bob], createMissing: true) }
        let full = cache.allocatedBytes()
        #expect(full - empty >= 200 * MemoryLayout<TimelineEntry>.stride)
        cache.evict(alice)
        #expect(cache.allocatedBytes() < full)
    }

    @Test func loadMergesWithWhatArrivedDuringTheLoad() {
        let cache = ShardedTimelineCache(capacity: 4)
        cache.reserve(alice)
        cache.insert(entry(10), into: [alice], createMissing: false)      // fanned out while the store was read
        cache.load(alice, entries: [entry(8), entry(2), entry(6), entry(4)])
        #expect(cache.entries(of: alice, before: nil, limit: 10)?.map(\.postID.rawValue) == [10, 8, 6, 4])
    }

    @Test func removesPostsAndAuthors() {
        let cache = ShardedTimelineCache(capacity: 10)
        cache.load(alice, entries: [entry(1, 7), entry(2, 8), entry(3, 7), entry(4, 9)])
        cache.remove(post: MosaicID(rawValue: 2), from: [alice, bob])
        cache.removeAuthor(MosaicID(rawValue: 7), from: alice)
        #expect(cache.entries(of: alice, before: nil, limit: 10)?.map(\.postID.rawValue) == [4])
        #expect(cache.statistics().timelines == 1 && cache.statistics().entries == 1)
    }
}

@Suite struct FeedMergeTests {
    func e(_ p: UInt64) -> TimelineEntry { TimelineEntry(postID: MosaicID(rawValue: p), authorID: MosaicID(rawValue: p % 3)) }

    @Test func mergesNewestFirstWithoutDuplicates() {
        let m = FeedMerge.merge(pushed: [e(9), e(7), e(4)], pulled: [e(8), e(7), e(1)], limit: 10)
        #expect(m.map(\.postID.rawValue) == [9, 8, 7, 4, 1])
        #expect(FeedMerge.merge(pushed: [e(9), e(7)], pulled: [e(8)], limit: 2).map(\.postID.rawValue) == [9, 8])
    }

    @Test func kWayMergeTakesTheNewestAcrossLists() {
        let lists: [ArraySlice<TimelineEntry>] = [[e(10), e(20), e(30)][...], [][...], [e(5), e(25)][...], [e(29)][...]]
        #expect(FeedMerge.newest(of: lists, limit: 4).map(\.postID.rawValue) == [30, 29, 25, 20])
        #expect(FeedMerge.newest(of: lists, limit: 100).count == 6)
    }
}

@Suite struct FeedBenchmarkTests {
    /// Four users: 0 is a celebrity followed by 1, 2, 3; 1 follows 2; 3 is inactive.
    static let input = FeedBenchmarkInput(
        followerOffsets: [0, 3, 3, 4, 4], followerSources: [1, 2, 3, 1],
        followingOffsets: [0, 0, 2, 3, 4], followingTargets: [0, 2, 0, 0],
        active: [true, true, true, false], postAuthors: [0, 2, 0, 2], readers: [1, 2])

    @Test func designsDifferInWritesNotInWhatReadersSee() {
        var config = FeedConfiguration(celebrityThreshold: 3)
        config.timelineCapacity = 10
        let bench = FeedBenchmark(configuration: config)
        let push = bench.run(Self.input, design: .push), pull = bench.run(Self.input, design: .pull), hybrid = bench.run(Self.input, design: .hybrid)
        #expect(push.writesMax == 3 && push.celebrityWritesMax == 3)
        #expect(pull.writesMax == 0 && pull.timelineEntries == 0)
        #expect(hybrid.celebrityWritesMax == 0 && hybrid.writesMax == 1, "celebrity posts cost no write; ordinary ones one")
        // Same first page for reader 1 under all three designs: posts 4, 3, 2, 1 (all of 0's and 2's).
        let cache = ShardedTimelineCache(capacity: 10)
        var authorPosts = [[TimelineEntry]](repeating: [], count: 4)
        for (i, a) in Self.input.postAuthors.enumerated() {
            let e = TimelineEntry(postID: MosaicID(rawValue: UInt64(i + 1)), authorID: FeedBenchmark.id(Int(a)))
            authorPosts[Int(a)].append(e)
            if a == 2 { cache.insert(e, into: [FeedBenchmark.id(1)], createMissing: true) }
        }
        let page = bench.read(1, design: .hybrid, input: Self.input, cache: cache, authorPosts: authorPosts)
        #expect(page.map(\.postID.rawValue) == [4, 3, 2, 1])
        #expect(bench.read(1, design: .pull, input: Self.input, cache: cache, authorPosts: authorPosts).map(\.postID.rawValue) == [4, 3, 2, 1])
    }
}
