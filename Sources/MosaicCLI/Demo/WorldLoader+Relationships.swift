import Foundation
import MosaicCore
import MosaicStore
import MosaicWorld

extension WorldLoader {
    /// The world's simulated messages (one-to-one threads, IDs minted at each message's time on the sender's
    /// shard) and profile visits (one counter per pair), so the feed ranker reads them from the store as it
    /// would a live service's.
    func loadRelationships(progress: (Double, String) -> Void) async throws {
        let events = world.relationships()
        let ids = world.users.ids
        var minter = HistoricalIDMinter()
        var threads: [UInt64: Int] = [:]                 // (lower, higher user index) → position in `rows`
        var rows: [(thread: DirectThread, messages: [DirectMessage])] = []
        var visits: [UInt64: (count: Int, last: Int64)] = [:]
        for (i, e) in events.enumerated() {
            switch e.kind {
            case .profileVisit:
                let key = UInt64(UInt32(bitPattern: e.user)) << 32 | UInt64(UInt32(bitPattern: e.target))
                let v = visits[key] ?? (0, 0)
                visits[key] = (v.count + 1, max(v.last, e.unixMillis))
            case .message:
                let sender = ids[Int(e.user)]
                let (id, ms) = minter.mint(unixMillis: e.unixMillis, shard: sender.shard)
                let at = Date(timeIntervalSince1970: Double(ms) / 1000)
                let pair = UInt64(UInt32(min(e.user, e.target))) << 32 | UInt64(UInt32(max(e.user, e.target)))
                let slot = threads[pair] ?? {
                    rows.append((DirectThread(id: id, participants: [sender, ids[Int(e.target)]], createdAt: at), []))
                    threads[pair] = rows.count - 1
                    return rows.count - 1
                }()
                rows[slot].messages.append(DirectMessage(id: id, threadID: rows[slot].thread.id, senderID: sender,
                                                         clientID: "world-\(i)", text: Self.messageText(i), createdAt: at))
            }
        }
        for start in stride(from: 0, to: rows.count, by: 20_000) {
            try await store.importDirectThreads(Array(rows[start..<min(start + 20_000, rows.count)]))
        }
        progress(0.99, "messages")
        let pairs = visits.map { key, v in
            (viewer: ids[Int(key >> 32)], profile: ids[Int(key & 0xffff_ffff)], visits: v.count,
             lastAt: Date(timeIntervalSince1970: Double(v.last) / 1000))
        }
        for start in stride(from: 0, to: pairs.count, by: 100_000) {
            try await store.importProfileVisits(Array(pairs[start..<min(start + 100_000, pairs.count)]))
        }
    }

    static let phrases = ["haha yes", "where was this?", "omg 😍", "we should go", "send me the recipe",
                          "see you saturday", "that light though", "miss you!", "is this new?", "call me later",
                          "😂😂", "so good", "next time I'm coming", "how was it?", "love this one"]

    static func messageText(_ i: Int) -> String { phrases[Int(WorldHash.mix(0x4D53_47, UInt64(i)) % UInt64(phrases.count))] }
}
