import MosaicCore
import MosaicStore
import Synchronization

/// The embedded default `TimelineCache`: 64 shards, each a mutex over a dictionary of contiguous arrays
/// kept sorted by post ID (IDs are time-ordered, so "sorted" is "chronological").
///
/// Each timeline is one `ContiguousArray` of 16-byte entries that grows geometrically up to the cap and is
/// then reused in place, so an insert costs a binary search and a `memmove`, never an allocation per entry.
/// Sharding by user keeps a fan-out of thousands of inserts from serialising readers of other users.
public final class ShardedTimelineCache: TimelineCache {
    public let capacity: Int
    private let shards: [Shard]
    private static let shardCount = 64

    final class Shard: Sendable {
        let lines = Mutex<[UserID: ContiguousArray<TimelineEntry>]>([:])
    }

    public init(capacity: Int = 800) {
        precondition(capacity > 0)
        self.capacity = capacity
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    @inline(__always) private func shard(_ user: UserID) -> Shard {
        // Low ID bits are a per-millisecond sequence and shard: mix before taking the shard index.
        shards[Int(truncatingIfNeeded: (user.rawValue &* 0x9E37_79B9_7F4A_7C15) >> 58)]
    }

    public func isLoaded(_ user: UserID) -> Bool { shard(user).lines.withLock { $0[user] != nil } }

    public func reserve(_ user: UserID) {
        shard(user).lines.withLock { lines in if lines[user] == nil { lines[user] = ContiguousArray() } }
    }

    public func load(_ user: UserID, entries: [TimelineEntry]) {
        var incoming = entries
        incoming.sort { $0.postID < $1.postID }
        shard(user).lines.withLock { lines in
            let current = lines.removeValue(forKey: user) ?? []
            // Union of two sorted lists (what arrived during the load and what was loaded), newest kept.
            var merged = ContiguousArray<TimelineEntry>()
            merged.reserveCapacity(min(capacity, current.count + incoming.count))
            var i = 0, j = 0
            while i < current.count || j < incoming.count {
                let e: TimelineEntry
                if j >= incoming.count || (i < current.count && current[i].postID < incoming[j].postID) {
                    e = current[i]; i += 1
                } else {
                    e = incoming[j]; j += 1
                }
                if merged.last?.postID != e.postID { merged.append(e) }
            }
            if merged.count > capacity { merged.removeFirst(merged.count - capacity) }
            lines[user] = merged
        }
    }

    @discardableResult
    public func insert(_ entry: TimelineEntry, into users: [UserID], createMissing: Bool) -> Int {
        var changed = 0
        for user in users {
            let inserted = shard(user).lines.withLock { lines -> Bool in
                if lines[user] == nil {
                    guard createMissing else { return false }
                    lines[user] = ContiguousArray()
                }
                return Self.insert(entry, into: &lines[user]!, capacity: capacity)
            }
            if inserted { changed += 1 }
        }
        return changed
    }

    /// Idempotent sorted insert into a capped line: a post already present, or older than everything in a
    /// full line, changes nothing.
    static func insert(_ entry: TimelineEntry, into line: inout ContiguousArray<TimelineEntry>, capacity: Int) -> Bool {
        let id = entry.postID
        if let last = line.last, last.postID < id {
            line.append(entry)                       // the common case: the newest post goes at the end
        } else {
            let at = lowerBound(line, id)
            if at < line.count && line[at].postID == id { return false }
            if line.count >= capacity && at == 0 { return false }
            line.insert(entry, at: at)
        }
        if line.count > capacity { line.removeFirst(line.count - capacity) }
        return true
    }

    static func lowerBound(_ line: ContiguousArray<TimelineEntry>, _ id: PostID) -> Int {
        var lo = 0, hi = line.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if line[mid].postID < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func entries(of user: UserID, before: PostID?, limit: Int) -> [TimelineEntry]? {
        shard(user).lines.withLock { lines -> [TimelineEntry]? in
            guard let line = lines[user] else { return nil }
            var end = line.count
            if let before { end = Self.lowerBound(line, before) }
            let start = max(0, end - limit)
            return line[start..<end].reversed()
        }
    }

    public func count(of user: UserID) -> Int? { shard(user).lines.withLock { $0[user]?.count } }

    public func remove(post: PostID, from users: [UserID]) {
        for user in users {
            shard(user).lines.withLock { lines in
                guard var line = lines[user] else { return }
                let at = Self.lowerBound(line, post)
                guard at < line.count, line[at].postID == post else { return }
                lines[user] = nil                    // keep the array uniquely referenced while editing it
                line.remove(at: at)
                lines[user] = line
            }
        }
    }

    public func removeAuthor(_ author: UserID, from user: UserID) {
        shard(user).lines.withLock { lines in
            guard var line = lines[user] else { return }
            lines[user] = nil
            line.removeAll { $0.authorID == author }
            lines[user] = line
        }
    }

    public func evict(_ user: UserID) { _ = shard(user).lines.withLock { $0.removeValue(forKey: user) } }

    public func statistics() -> (timelines: Int, entries: Int) {
        var t = 0, e = 0
        for s in shards {
            s.lines.withLock { lines in
                t += lines.count
                for (_, l) in lines { e += l.count }
            }
        }
        return (t, e)
    }

    /// Bytes the timelines hold on the heap: each line's reserved storage plus its array header, and each
    /// dictionary slot (key and array reference). An estimate of the structure's own footprint, unlike RSS,
    /// which also counts whatever else the process allocated.
    public func allocatedBytes() -> Int {
        var bytes = 0
        for s in shards {
            s.lines.withLock { lines in
                bytes += lines.capacity * (MemoryLayout<UserID>.stride + MemoryLayout<ContiguousArray<TimelineEntry>>.stride)
                for (_, l) in lines where l.capacity > 0 { bytes += 32 + l.capacity * MemoryLayout<TimelineEntry>.stride }
            }
        }
        return bytes
    }
}
