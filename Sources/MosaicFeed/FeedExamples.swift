import MosaicML

/// Training and evaluation rows built from an engagement log by replaying it in time order: every home
/// feed impression becomes one row whose features use only what happened before it (no leakage), and
/// whose labels are what the reader then did with that post.
public struct FeedExamples: Sendable {
    /// `count × FeedFeatures.count`.
    public var rows: Matrix
    /// `count × MultiTaskRanker.Tasks.feed.names.count`; NaN where a task is not observed (follow).
    public var labels: Matrix
    public var users: [Int32]
    public var posts: [Int32]
    public var times: [Int64]
    public var postCreatedAt: [Int64]

    public var count: Int { users.count }

    /// Head order of `MultiTaskRanker.Tasks.feed`: like, comment, save, share, follow, hide, dwell.
    static let taskIndex: [FeedEventKind: Int] = [.like: 0, .comment: 1, .save: 2, .share: 3, .hide: 5]
    static let dwellTask = 6, followTask = 4
    public static let longDwellMillis: Int32 = 10_000

    public static func build(from log: FeedTrainingLog) -> FeedExamples {
        let tasks = MultiTaskRanker.Tasks.feed.names.count
        // What each (user, post) pair eventually got: a bitmask of actions.
        var outcome: [UInt64: UInt8] = [:]
        outcome.reserveCapacity(log.events.count / 4)
        for e in log.events where e.kind != .impression {
            outcome[key(e.user, e.post), default: 0] |= 1 << e.kind.rawValue
        }
        let impressions = log.events.reduce(0) { $0 + ($1.kind == .impression && $1.inFeed ? 1 : 0) }
        var rows = Matrix(rows: impressions, columns: FeedFeatures.count)
        var labels = Matrix(rows: impressions, columns: tasks)
        var users: [Int32] = [], posts: [Int32] = [], times: [Int64] = [], created: [Int64] = []
        users.reserveCapacity(impressions); posts.reserveCapacity(impressions)
        times.reserveCapacity(impressions); created.reserveCapacity(impressions)

        // Running state, updated as the log replays.
        // (reader, author) → like, comment, save, share, messages exchanged, profile visits (lanes as in `ReaderSignals`).
        var byAuthor: [UInt64: SIMD8<Float>] = [:]
        var nextRelation = 0
        var byCategory = [Float](repeating: 0, count: log.userCount * log.categoryCount)
        var readerTotal = [Float](repeating: 0, count: log.userCount)
        var postLikes = [Float](repeating: 0, count: log.postAuthors.count), postComments = postLikes, postSaves = postLikes
        var seen = Set<UInt64>()
        var n = 0
        rows.values.withUnsafeMutableBufferPointer { out in
            for e in log.events {
                // Messages and visits up to this moment (a message counts for both sides).
                while nextRelation < log.relations.count && log.relations[nextRelation].unixMillis <= e.unixMillis {
                    let r = log.relations[nextRelation]
                    switch r.kind {
                    case .message:
                        byAuthor[key(r.user, r.target), default: .zero][4] += 1
                        byAuthor[key(r.target, r.user), default: .zero][4] += 1
                    case .profileVisit:
                        byAuthor[key(r.user, r.target), default: .zero][5] += 1
                    }
                    nextRelation += 1
                }
                let p = Int(e.post), u = Int(e.user)
                let author = log.postAuthors[p]
                let category = Int(log.postCategories[p])
                switch e.kind {
                case .impression:
                    guard e.inFeed, seen.insert(key(e.user, e.post)).inserted else { continue }
                    var s = FeedSignals()
                    let rel = byAuthor[key(e.user, author)] ?? .zero
                    s.likesOfAuthor = rel[0]; s.commentsOnAuthor = rel[1]; s.savesOfAuthor = rel[2]; s.sharesOfAuthor = rel[3]
                    s.messagesWithAuthor = rel[4]; s.profileVisitsToAuthor = rel[5]
                    let total = readerTotal[u], inCategory = byCategory[u * log.categoryCount + category]
                    s.categoryShare = total > 0 ? inCategory / total : 0
                    s.categoryActions = inCategory; s.readerActions = total
                    s.ageHours = Float(e.unixMillis - log.postCreatedAtMillis[p]) / 3_600_000
                    s.likes = postLikes[p]; s.comments = postComments[p]; s.saves = postSaves[p]
                    s.authorFollowers = Float(log.authorFollowers[Int(author)])
                    s.authorVerified = log.authorVerified[Int(author)] ? 1 : 0
                    FeedFeatures.write(s, into: out.baseAddress! + n * FeedFeatures.count)
                    let got = outcome[key(e.user, e.post)] ?? 0
                    for (kind, t) in taskIndex { labels[n, t] = got & (1 << kind.rawValue) != 0 ? 1 : 0 }
                    labels[n, followTask] = .nan
                    labels[n, dwellTask] = e.dwellMs > longDwellMillis ? 1 : 0
                    users.append(e.user); posts.append(e.post); times.append(e.unixMillis)
                    created.append(log.postCreatedAtMillis[p])
                    n += 1
                case .like, .comment, .save, .share:
                    let lane = Int(e.kind.rawValue) - 1
                    byAuthor[key(e.user, author), default: .zero][lane] += 1
                    byCategory[u * log.categoryCount + category] += 1
                    readerTotal[u] += 1
                    if e.kind == .like { postLikes[p] += 1 }
                    if e.kind == .comment { postComments[p] += 1 }
                    if e.kind == .save { postSaves[p] += 1 }
                case .hide:
                    continue
                }
            }
        }
        // Repeated impressions of one post were skipped: trim the preallocated rows.
        if n < impressions {
            rows = Matrix(rows: n, columns: FeedFeatures.count, values: Array(rows.values.prefix(n * FeedFeatures.count)))
            labels = Matrix(rows: n, columns: tasks, values: Array(labels.values.prefix(n * tasks)))
        }
        return FeedExamples(rows: rows, labels: labels, users: users, posts: posts, times: times, postCreatedAt: created)
    }

    @inline(__always) static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    /// The rows with index in `range` (examples are in time order, so a range is a time split).
    public func slice(_ range: Range<Int>) -> FeedExamples {
        let f = FeedFeatures.count, t = labels.columns
        return FeedExamples(
            rows: Matrix(rows: range.count, columns: f, values: Array(rows.values[(range.lowerBound * f)..<(range.upperBound * f)])),
            labels: Matrix(rows: range.count, columns: t, values: Array(labels.values[(range.lowerBound * t)..<(range.upperBound * t)])),
            users: Array(users[range]), posts: Array(posts[range]), times: Array(times[range]),
            postCreatedAt: Array(postCreatedAt[range]))
    }
}
