import Foundation
import MosaicCore
@testable import MosaicRealtime

/// A fresh folder under the system temporary directory, removed by `cleanup()`.
struct TempDirectory {
    let path: String
    init(_ label: String = #function) {
        let name = label.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "mosaic-rt-\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// A post ID minted at `date`, so that age computed from the ID is meaningful.
func postID(at date: Date, _ n: Int) -> PostID {
    MosaicID(millisSinceEpoch: UInt64(date.timeIntervalSince1970 * 1000) - MosaicID.epochMillis, shard: n % 8000,
             sequence: UInt64(n % 1000))
}

func uid(_ n: Int) -> UserID { MosaicID(rawValue: UInt64(1_000_000 + n)) }

/// A deterministic stream of events: a small linear congruential generator, no global randomness.
struct EventStream {
    var state: UInt64
    let start: Date
    init(seed: UInt64, start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { state = seed; self.start = start }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func records(_ n: Int) -> [Engagement] {
        (0..<n).map { i in
            let post = Int(next() % 50), user = Int(next() % 200)
            let kind = Engagement.Kind.allCases[Int(next() % UInt64(Engagement.Kind.allCases.count))]
            return Engagement(userID: uid(user), postID: MosaicID(rawValue: UInt64(10_000 + post)),
                                    authorID: uid(9_000 + post % 7), kind: kind, dwellMs: UInt32(next() % 5000),
                                    surface: "explore", category: ["food", "travel", "pets"][post % 3],
                                    at: start.addingTimeInterval(Double(i)))
        }
    }
}

/// Counts computed directly from records: the oracle the consumer's projections are compared with.
func expectedCounts(_ records: [Engagement]) -> [PostID: EngagementCounts] {
    var out: [PostID: EngagementCounts] = [:]
    for r in records { out[r.postID, default: .init()].add(r.kind, dwellMs: r.dwellMs) }
    return out
}
