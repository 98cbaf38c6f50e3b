import Foundation

/// Top-k lists on disk as `user,item,rank` CSV with external IDs: every method, in Swift or Python,
/// writes one file per method and one scorer reads them all.
public enum RecommendationLists {
    public static func write(_ lists: [Int: [Int]], to path: String, data: InteractionDataset) throws {
        var s = "user,item,rank\n"
        for user in lists.keys.sorted() {
            for (rank, item) in lists[user]!.enumerated() {
                s += "\(data.userIDs[user]),\(data.itemIDs[item]),\(rank + 1)\n"
            }
        }
        try s.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Reads a list file back into dataset indices; unknown IDs are skipped.
    public static func read(_ path: String, data: InteractionDataset) throws -> [Int: [Int]] {
        let users = Dictionary(uniqueKeysWithValues: data.userIDs.enumerated().map { ($1, $0) })
        let items = Dictionary(uniqueKeysWithValues: data.itemIDs.enumerated().map { ($1, $0) })
        var ranked: [Int: [(Int, Int)]] = [:]
        try MovieLensLoader.forEachLine(path) { line, n in
            let f = CSVInteractionLoader.fields(line)
            guard f.count >= 3, let rank = Int(f[2]), let u = users[f[0]], let i = items[f[1]] else { return }
            ranked[u, default: []].append((rank, i))
        }
        return ranked.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }

    /// The `k` best-scoring items of `scores`, skipping `excluded`; ties go to the lower index.
    public static func topK(_ scores: UnsafeBufferPointer<Float>, k: Int, excluded: Set<Int>) -> [Int] {
        // A small sorted buffer beats a full sort for k ≪ n.
        var best: [(Float, Int)] = []
        best.reserveCapacity(k + 1)
        for i in 0..<scores.count where !excluded.contains(i) {
            let s = scores[i]
            if best.count == k, let last = best.last, s <= last.0 { continue }
            var lo = 0, hi = best.count
            while lo < hi { let mid = (lo + hi) / 2; if best[mid].0 >= s { lo = mid + 1 } else { hi = mid } }
            best.insert((s, i), at: lo)
            if best.count > k { best.removeLast() }
        }
        return best.map(\.1)
    }
}
