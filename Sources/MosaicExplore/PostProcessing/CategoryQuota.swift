/// Caps how much of each page one category may take (≤ 30 % by default): items over the cap are deferred to
/// later pages in their original order instead of being dropped, so nothing good is lost, only spread out.
public enum CategoryQuota {
    /// Reorders `categories` (already in rank order) page by page. Returns the new order as indices.
    /// `uncategorised` marks items with no category, which never crowd a page out.
    public static func apply<C: Hashable>(categories: [C], uncategorised: C, pageSize: Int, maxShare: Double) -> [Int] {
        let cap = max(1, Int((Double(pageSize) * maxShare).rounded(.down)))
        var pending = Array(categories.indices)
        var out: [Int] = []
        out.reserveCapacity(categories.count)
        while !pending.isEmpty {
            var counts: [C: Int] = [:]
            var page: [Int] = []
            var deferred: [Int] = []
            for i in pending {
                if page.count == pageSize { deferred.append(i); continue }
                let c = categories[i]
                if c != uncategorised, counts[c, default: 0] >= cap { deferred.append(i); continue }
                counts[c, default: 0] += 1
                page.append(i)
            }
            if page.isEmpty { page = Array(deferred.prefix(pageSize)); deferred.removeFirst(page.count) }
            out += page
            pending = deferred
        }
        return out
    }
}
