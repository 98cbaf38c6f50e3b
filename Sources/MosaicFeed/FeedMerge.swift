import MosaicCore
import MosaicStore

/// The read-time merge shared by the engine and the benchmark: pushed timeline entries and pulled posts
/// become one newest-first list of distinct post IDs. Both inputs are newest first; the merge is linear.
public enum FeedMerge {
    public static func merge(pushed: [TimelineEntry], pulled: [TimelineEntry], limit: Int) -> [TimelineEntry] {
        var out: [TimelineEntry] = []
        out.reserveCapacity(min(limit, pushed.count + pulled.count))
        var i = 0, j = 0
        while out.count < limit && (i < pushed.count || j < pulled.count) {
            let next: TimelineEntry
            if j >= pulled.count || (i < pushed.count && pushed[i].postID > pulled[j].postID) {
                next = pushed[i]; i += 1
            } else {
                next = pulled[j]; j += 1
            }
            if out.last?.postID != next.postID { out.append(next) }
        }
        return out
    }

    /// The newest `limit` entries over several lists kept oldest-first (as timelines and per-author post
    /// lists are appended to), by a k-way merge from their tails: O(k + limit · log k), no per-entry allocation.
    public static func newest(of lists: [ArraySlice<TimelineEntry>], limit: Int) -> [TimelineEntry] {
        var heap: [(id: PostID, list: Int, index: Int)] = []
        heap.reserveCapacity(lists.count)
        for (k, l) in lists.enumerated() where !l.isEmpty { heap.append((l[l.endIndex - 1].postID, k, l.endIndex - 1)) }
        func down(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && heap[l].id > heap[m].id { m = l }     // max-heap on post ID
                if r < heap.count && heap[r].id > heap[m].id { m = r }
                if m == i { return }
                heap.swapAt(i, m); i = m
            }
        }
        if heap.count > 1 { for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { down(i) } }
        var out: [TimelineEntry] = []
        out.reserveCapacity(limit)
        while out.count < limit, let top = heap.first {
            let list = lists[top.list]
            out.append(list[top.index])
            if top.index > list.startIndex {
                heap[0] = (list[top.index - 1].postID, top.list, top.index - 1)
            } else {
                heap[0] = heap[heap.count - 1]; heap.removeLast()
            }
            if !heap.isEmpty { down(0) }
        }
        return out
    }
}
