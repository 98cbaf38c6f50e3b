import Foundation
import Testing
@testable import MosaicML

struct EvaluationTests {
    @Test func metricsMatchHandComputation() {
        // User 0: relevant {1, 5}; list hits at ranks 2 and 4. User 1: relevant {9}; no hit.
        let lists = [0: [0, 1, 2, 5, 3], 1: [0, 1, 2]]
        let relevant: [Int: Set<Int>] = [0: [1, 5], 1: [9]]
        let m = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: [[0], [0], [1], [1], [0], [1]],
                                        catalogueSize: 10)
        let dcg = 1 / log2(3.0) + 1 / log2(5.0), idcg = 1 + 1 / log2(3.0)
        #expect(m.users == 2)
        #expect(abs(m.ndcgAt10 - dcg / idcg / 2) < 1e-12)
        #expect(abs(m.recallAt10 - 0.5) < 1e-12)
        #expect(abs(m.hitRateAt100 - 0.5) < 1e-12)
        #expect(abs(m.mrr - 0.25) < 1e-12)
        #expect(abs(m.coverageAt10 - 0.5) < 1e-12)   // items 0,1,2,3,5 of 10
    }

    @Test func topKSkipsExcludedAndKeepsOrder() {
        let scores: [Float] = [0.1, 0.9, 0.5, 0.9, 0.7, -1]
        let top = scores.withUnsafeBufferPointer { RecommendationLists.topK($0, k: 3, excluded: [4]) }
        #expect(top == [1, 3, 2])
    }

    @Test func chronologicalSplitHoldsOutEachUsersLatest() {
        var events: [RawEvent] = []
        for t in 0..<10 { events.append(RawEvent(user: "a", item: "i\(t)", timestamp: Int64(100 - t), kind: .rating, label: 5)) }
        events.append(RawEvent(user: "a", item: "low", timestamp: 1000, kind: .rating, label: 2))
        events.append(RawEvent(user: "b", item: "i0", timestamp: 5, kind: .rating, label: 4))
        let data = InteractionDataset(events: events)
        let split = DatasetSplit.chronological(data, minimumLabel: 4, testFraction: 0.2)
        let testItems = Set(split.test.map { data.itemIDs[Int($0.item)] })
        #expect(testItems == ["i0", "i1"])  // the two latest positives of "a" (timestamps 100, 99)
        #expect(split.train.count == 9)       // 8 of "a" + the single positive of "b"
        #expect(!split.train.contains { data.itemIDs[Int($0.item)] == "low" })
    }

    @Test func movieLens100KNativeFormat() throws {
        let dir = NSTemporaryDirectory() + "ml100k-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1\t10\t5\t881250949\n2\t10\t3\t881250950\n1\t20\t4\t881250951\n".write(toFile: dir + "/u.data", atomically: true, encoding: .utf8)
        let flags = { (on: [Int]) in (0..<19).map { on.contains($0) ? "1" : "0" }.joined(separator: "|") }
        try "10|Toy Story (1995)|01-Jan-1995||http://x|\(flags([3, 4, 5]))\n20|Heat (1995)|01-Jan-1995||http://y|\(flags([1]))\n"
            .write(toFile: dir + "/u.item", atomically: true, encoding: .isoLatin1)
        try "1|24|M|technician|85711\n2|53|F|other|94043\n".write(toFile: dir + "/u.user", atomically: true, encoding: .utf8)
        let data = try MovieLensLoader.load(directory: dir)
        #expect(data.interactions.count == 3 && data.userCount == 2 && data.itemCount == 2)
        let toy = data.itemIDs.firstIndex(of: "10")!
        #expect(data.items[toy].categories == ["Animation", "Children's", "Comedy"])
        #expect(data.items[toy].tokens == ["toy", "story"])
        let u1 = data.userIDs.firstIndex(of: "1")!
        #expect(data.users[u1].region == "8")
        #expect(data.users[u1].attributes.contains("occupation:technician"))
    }

    @Test func movieLens1MNativeFormat() throws {
        let dir = NSTemporaryDirectory() + "ml1m-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n".write(toFile: dir + "/ratings.dat", atomically: true, encoding: .utf8)
        try "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n"
            .write(toFile: dir + "/movies.dat", atomically: true, encoding: .isoLatin1)
        try "1::F::1::10::48067\n2::M::56::16::70072\n".write(toFile: dir + "/users.dat", atomically: true, encoding: .utf8)
        let data = try MovieLensLoader.load(directory: dir)
        #expect(data.interactions.count == 3 && data.userCount == 2 && data.itemCount == 2)
        let peach = data.itemIDs.firstIndex(of: "661")!
        #expect(data.items[peach].categories == ["Animation", "Children's", "Musical"])
        #expect(data.items[peach].createdAt == MovieLensLoader.startOfYear(1996))
        #expect(data.interactions.map(\.label) == [5, 3, 4])
        #expect(data.users[data.userIDs.firstIndex(of: "2")!].region == "7")
    }

    @Test func csvAndExplicitSplit() throws {
        let dir = NSTemporaryDirectory() + "csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "user,item,rating,timestamp\nu1,a,5,10\nu1,b,4,20\nu2,a,3,30\n".write(toFile: dir + "/i.csv", atomically: true, encoding: .utf8)
        try "item,categories,title\na,Drama|War,\"Paths of Glory, The\"\nb,Comedy,Heat\n".write(toFile: dir + "/items.csv", atomically: true, encoding: .utf8)
        try "user,item\nu1,b\n".write(toFile: dir + "/test.csv", atomically: true, encoding: .utf8)
        let data = try CSVInteractionLoader.load(interactions: dir + "/i.csv", items: dir + "/items.csv")
        #expect(data.interactions.count == 3)
        #expect(data.items[data.itemIDs.firstIndex(of: "a")!].categories == ["Drama", "War"])
        let split = DatasetSplit.explicit(data, testPairs: try CSVInteractionLoader.loadPairs(dir + "/test.csv"))
        #expect(split.test.count == 1 && split.train.count == 2)
    }
}
