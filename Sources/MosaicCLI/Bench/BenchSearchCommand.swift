import ArgumentParser
import Foundation
import Logging
import MosaicAPI
import MosaicCore
import MosaicStore

/// `mosaic bench search`: user search (prefix, full-name words, typos) and hashtag search over a synthetic
/// population in the embedded SQLite store, timed end to end through the same ranking the API uses.
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search latency (p50/p99) at N users: prefix, full-name and typo-tolerant user search, hashtags.")

    @Option(help: "Synthetic accounts.") var users = 1_000_000
    @Option(help: "Queries per kind.") var queries = 2_000
    @Option(help: "Data folder (reused when it already holds the population).") var data = "bench-out/search-data"
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() async throws {
        let store = try SQLiteStore(directory: data, synchronousFull: false)
        var rng = SplitMix(seed: seed)
        let existing = try await store.userCount()
        if existing < users {
            print("loading \(users - existing) accounts …")
            let start = Date()
            let ids = IDGenerator()
            // Bulk-loaded in batches (the same path the world generator uses); follower counts are heavy-tailed
            // (Pareto, α ≈ 1.2) so popularity ranking has something to rank.
            var batch: [User] = []
            for i in existing..<users {
                var r = SplitMix(seed: seed &+ UInt64(i))
                let (username, fullName) = SyntheticNames.account(i, &r)
                let u = Double(r.next() >> 11) / Double(1 << 53)
                let followers = min(5_000_000, Int(10 * pow(1 - u, -1 / 1.2)) - 10)
                batch.append(User(id: ids.next(shard: i % MosaicID.shardCount), username: username, fullName: fullName,
                                  followerCount: followers, createdAt: Date(), lastActiveAt: Date()))
                if batch.count == 20_000 || i == users - 1 {
                    try await store.importUsers(batch, passwordHash: "x")
                    batch.removeAll(keepingCapacity: true)
                }
                if i % 100_000 == 0 && i > 0 { print("  \(i) (\(Int(Date().timeIntervalSince(start))) s)") }
            }
            print("loaded in \(String(format: "%.0f", Date().timeIntervalSince(start))) s")
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let services = Services(store: store, config: ServerConfiguration(dataDirectory: data), logger: logger)

        // Queries drawn from real accounts: prefixes of 2-6 letters, full-name words, and one-edit typos.
        var prefixes: [String] = [], names: [String] = [], typos: [String] = []
        for _ in 0..<queries {
            let (username, fullName) = SyntheticNames.account(Int(rng.next() % UInt64(users)), seed: seed)
            prefixes.append(String(username.prefix(2 + Int(rng.next() % 5))))
            names.append(String(fullName.split(separator: " ").last ?? "").lowercased().prefix(4).description)
            typos.append(SyntheticNames.typo(username, &rng))
        }
        // A signed-in viewer who follows 1,000 accounts, has opened 200 profiles and blocked 20: the relationship
        // lookups (follows matching the query, visits, blocks) are part of every timed query.
        let viewer = try await Self.viewer(store, users: users, seed: seed)
        var found = 0
        for (label, qs) in [("users: prefix", prefixes), ("users: full-name word", names), ("users: one typo", typos)] {
            var times: [Double] = []
            for q in qs {
                let t = DispatchTime.now().uptimeNanoseconds
                let results = try await services.searchUsers(q, viewer: viewer, limit: 20)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                if label == "users: one typo" && !results.isEmpty { found += 1 }
            }
            Self.report(label, times)
        }
        print("typo queries with at least one result: \(found)/\(typos.count)")
        // Where a query's time goes: each store read on its own, over the prefix queries. The viewer context is
        // read once a minute per viewer (then cached), so the timed queries above mostly find it cached.
        let store2 = store
        for (label, call) in [
            ("  store: prefix walks", { @Sendable (q: String) async throws in _ = try await store2.usersByPrefix(q, limit: 60) }),
            ("  store: viewer context", { @Sendable (_: String) async throws in
                _ = try await store2.followedAccounts(of: viewer, limit: 7_500)
                _ = try await store2.blockedEitherWay(viewer) }),
        ] as [(String, @Sendable (String) async throws -> Void)] {
            var times: [Double] = []
            for q in prefixes.prefix(500) {
                let t = DispatchTime.now().uptimeNanoseconds
                try await call(q)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            Self.report(label, times)
        }
        var tagTimes: [Double] = []
        for q in prefixes {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = try await store.hashtags(prefix: q, limit: 20)
            tagTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        Self.report("hashtags: prefix", tagTimes)
    }

    /// The benchmark's signed-in viewer, created once per data folder.
    static func viewer(_ store: SQLiteStore, users: Int, seed: UInt64) async throws -> UserID {
        if let v = try await store.user(username: "bench_viewer") { return v.id }
        let ids = IDGenerator()
        let v = try await store.createAccount(NewAccount(id: ids.next(shard: 0), username: "bench_viewer", passwordHash: "x",
                                                         fullName: "Bench Viewer", createdAt: Date()))
        var rng = SplitMix(seed: seed ^ 0xBEEF)
        var picked: [UserID] = []
        for _ in 0..<1_220 {
            let (username, _) = SyntheticNames.account(Int(rng.next() % UInt64(users)), seed: seed)
            if let u = try await store.user(username: username) { picked.append(u.id) }
        }
        let now = Date()
        try await store.importFollows(picked.prefix(1_000).map { (v.id, $0, ids.next(shard: 0), now) })
        for p in picked.prefix(200) { try await store.recordProfileVisit(viewer: v.id, profile: p, at: now) }
        for p in picked.suffix(20) { try await store.block(blocker: v.id, blocked: p, at: now) }
        return v.id
    }

    static func report(_ label: String, _ times: [Double]) {
        let s = times.sorted()
        func p(_ q: Double) -> Double { s[min(s.count - 1, Int(Double(s.count) * q))] }
        print(String(format: "%-28@ n=%5d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms", label as NSString, s.count, p(0.5), p(0.9), p(0.99), s.last ?? 0))
    }
}

/// Deterministic, pronounceable account names: syllables plus a number suffix for uniqueness.
enum SyntheticNames {
    static let syllables = ["ka", "lo", "mi", "ra", "jo", "na", "te", "sa", "li", "an", "ma", "ri", "el", "da", "vi", "no",
                            "be", "ta", "zo", "ki", "lu", "ne", "si", "ro", "ha", "ya", "co", "di", "fe", "gu", "pa", "qu"]
    static let first = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kai", "Lena",
                        "Maya", "Noah", "Olga", "Paul", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wes", "Xena", "Yuki", "Zoe"]
    static let last = ["Smith", "Garcia", "Müller", "Rossi", "Kim", "Silva", "Novak", "Dubois", "Jensen", "Costa", "Tanaka",
                       "Ivanova", "Okafor", "Larsen", "Moreau", "Patel", "Haddad", "Nguyen", "Kowalski", "Berg"]

    /// Account `i` as the population loaded with `seed` holds it.
    static func account(_ i: Int, seed: UInt64) -> (String, String) {
        var r = SplitMix(seed: seed &+ UInt64(i))
        return account(i, &r)
    }

    static func account(_ i: Int, _ r: inout SplitMix) -> (String, String) {
        var name = ""
        for _ in 0..<(2 + Int(r.next() % 3)) { name += syllables[Int(r.next() % UInt64(syllables.count))] }
        if r.next() % 3 == 0 { name += "_" }
        name += String(i)
        let full = "\(first[Int(r.next() % UInt64(first.count))]) \(last[Int(r.next() % UInt64(last.count))])"
        return (name, full)
    }

    /// One substitution, deletion or transposition inside the first eight characters.
    static func typo(_ s: String, _ r: inout SplitMix) -> String {
        var c = Array(s.prefix(8))
        guard c.count >= 4 else { return s }
        let at = 1 + Int(r.next() % UInt64(c.count - 2))
        switch r.next() % 3 {
        case 0: c[at] = Character(UnicodeScalar(UInt8(97 + r.next() % 26)))
        case 1: c.remove(at: at)
        default: c.swapAt(at, at + 1 < c.count ? at + 1 : at - 1)
        }
        return String(c)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
