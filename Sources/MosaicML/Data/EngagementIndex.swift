/// Per-user engagement histories and per-item counters built from a training log: what the towers read as
/// "history", "session" and "engagement velocity", computed once and shared by trainers and evaluation.
public struct EngagementIndex: Sendable {
    /// Each user's engaged items, oldest first, with their timestamps.
    public let histories: [[Int]]
    public let historyTimes: [[Int64]]
    public let itemEngagements: [Int]
    public let recentItemEngagements: [Int]
    public let endTime: Int64
    public let totalEngagements: Int

    public init(positives: [Interaction], userCount: Int, itemCount: Int, velocityWindow: Int64 = 30 * 86400) {
        var byUser = [[(Int64, Int)]](repeating: [], count: userCount)
        var counts = [Int](repeating: 0, count: itemCount)
        var end: Int64 = 0
        for e in positives {
            byUser[Int(e.user)].append((e.timestamp, Int(e.item)))
            counts[Int(e.item)] += 1
            end = max(end, e.timestamp)
        }
        var recent = [Int](repeating: 0, count: itemCount)
        for e in positives where e.timestamp > end - velocityWindow { recent[Int(e.item)] += 1 }
        var histories: [[Int]] = [], times: [[Int64]] = []
        histories.reserveCapacity(userCount)
        for var h in byUser {
            h.sort { $0 < $1 }
            histories.append(h.map(\.1))
            times.append(h.map(\.0))
        }
        self.histories = histories
        historyTimes = times
        itemEngagements = counts
        recentItemEngagements = recent
        endTime = end
        totalEngagements = positives.count
    }

    /// The user as the user tower sees them at serving time: whole history, the last actions as session.
    public func userInput(_ user: Int, data: InteractionDataset, sessionLength: Int = 20) -> UserTowerInput {
        let h = histories[user]
        let hour = historyTimes[user].last.map { Int(($0 % 86400) / 3600) }
        return UserTowerInput(index: user, history: h, session: Array(h.suffix(sessionLength)),
                              features: data.users[user], hour: hour)
    }

    public func itemInput(_ item: Int, data: InteractionDataset) -> ItemTowerInput {
        ItemTowerInput(index: itemEngagements[item] > 0 ? item : nil, features: data.items[item],
                       engagements: itemEngagements[item], recentEngagements: recentItemEngagements[item])
    }
}
