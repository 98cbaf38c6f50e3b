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
        let lists: [ArraySlice<TimelineEntry>] = [[e(30), e(20), e(10)][...], [][...], [e(25), e(5)][...], [e(29)][...]]
        #expect(FeedMerge.newest(of: lists, limit: 4).map(\.postID.rawValue) == [30, 29, 25, 20])
        #expect(FeedMerge.newest(of: lists, limit: 100).count == 6)
    }
}
