/// The baseline every model must beat: the most-engaged training items, the same list for everyone
/// (minus what the user already has). Cold items have no engagements, so it cannot surface them.
public struct PopularityRecommender: Sendable {
    public let counts: [Int]

    public init(positives: [Interaction], itemCount: Int) {
        var c = [Int](repeating: 0, count: itemCount)
        for e in positives { c[Int(e.item)] += 1 }
        counts = c
    }

    public func recommend(k: Int, excluding: Set<Int>, candidates: [Int]? = nil) -> [Int] {
        let pool = candidates ?? Array(counts.indices)
        let ranked = pool.sorted { (counts[$0], -$0) > (counts[$1], -$1) }
        return Array(ranked.lazy.filter { !excluding.contains($0) }.prefix(k))
    }
}
