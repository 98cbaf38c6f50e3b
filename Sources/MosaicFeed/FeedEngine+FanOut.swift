import Foundation
import MosaicCore
import MosaicStore

/// What fan-out has done since start-up (for logs, metrics and the benchmark).
public struct FanOutCounters: Sendable, Equatable {
    public var jobs = 0
    public var timelineWrites = 0
    /// Posts of pull authors: no job at all, O(1) work at write time.
    public var pulledPosts = 0
    public var rebuilds = 0
}

extension FeedEngine {
    public var fanOutCounters: FanOutCounters { counters.withLock { $0 } }

    /// Called before the post's 201: a post of an ordinary author becomes a durable job (the worker does
    /// the writes); a celebrity's post costs nothing here, readers pull it.
    public func postCreated(_ post: Post, authorFollowers: Int) async throws {
        authorPosts.invalidate(post.authorID)      // the author's own feed and their pull readers see it at once
        if authorFollowers >= configuration.celebrityThreshold { celebrities.add(post.authorID) }
        if celebrities.contains(post.authorID) {
            counters.withLock { $0.pulledPosts += 1 }
            return
        }
        try await store.enqueueFanOut(FanOutJob(postID: post.id, authorID: post.authorID))
        signal.yield()
    }

    /// The background worker: drains the queue (including jobs a crash left behind), then sleeps until a
    /// new job is enqueued. Runs until its task is cancelled.
    public func runWorker() async {
        var wake = signals.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                try await drain()
            } catch {
                logger.error("fan-out failed, retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard await wake.next() != nil else { return }
        }
    }

    /// Processes every pending job now. Safe to run beside the worker: writes are idempotent.
    public func drain() async throws {
        while true {
            let jobs = try await store.pendingFanOuts(limit: 64)
            if jobs.isEmpty { return }
            for job in jobs { try await process(job) }
        }
    }

    /// Walks the author's followers from the job's cursor in batches; each batch's rows and the new cursor
    /// commit together, so a crash replays at most one batch (a no-op on rows already written).
    func process(_ job: FanOutJob) async throws {
        guard try await store.post(id: job.postID) != nil else {
            try await store.applyFanOut(job, followers: [], cursor: job.cursor, finished: true)
            return
        }
        let entry = TimelineEntry(postID: job.postID, authorID: job.authorID)
        let activeSince = clock.now().addingTimeInterval(-configuration.inactivityWindow)
        let batch = configuration.fanOutBatchSize
        var cursor = job.cursor
        while true {
            let (followers, next) = try await store.fanOutTargets(author: job.authorID, after: cursor, activeSince: activeSince,
                                                                   maxFollowing: configuration.maxPushFollowing, limit: batch)
            let finished = followers.count < batch
            try await store.applyFanOut(job, followers: followers, cursor: next, finished: finished)
            timelines.insert(entry, into: followers, createMissing: false)
            counters.withLock { $0.timelineWrites += followers.count }
            cursor = next
            if finished { break }
            if configuration.fanOutBatchPause > .zero { try await Task.sleep(for: configuration.fanOutBatchPause) }
        }
        counters.withLock { $0.jobs += 1 }
    }

    // MARK: Social actions

    /// Deleted posts leave the post cache at once (a revoked lease keeps a racing load from restoring them)
    /// and leave timelines after that.
    public func postDeleted(_ post: PostID, author: UserID) async throws {
        posts.remove(post)
        authorPosts.invalidate(author)
        let followers = try await store.followerIDs(of: author)
        timelines.remove(post: post, from: followers + [author])
        try await store.removeFromTimelines(post: post, author: author)
    }

    /// A new follow backfills the followee's recent posts (pull authors need nothing: they are merged).
    public func followed(follower: UserID, followee: UserID) async throws {
        rankingSignals.authorChanged(followee)
        if let user = try await store.user(id: followee), user.followerCount >= configuration.celebrityThreshold {
            celebrities.add(followee)
        }
        guard !celebrities.contains(followee) else { return }
        let recent = try await store.recentPosts(authors: [followee], before: nil, limit: 50)
        let entries = recent.map { TimelineEntry(postID: $0.id, authorID: $0.authorID) }
        try await store.insertTimeline(user: follower, entries: entries)
        if timelines.isLoaded(follower) {
            for e in entries { timelines.insert(e, into: [follower], createMissing: false) }
        }
    }

    /// Reads already filter by current followees; this drops the stale entries so they stop taking slots.
    public func unfollowed(follower: UserID, followee: UserID) async throws {
        rankingSignals.authorChanged(followee)
        timelines.removeAuthor(followee, from: follower)
        try await store.removeFromTimeline(user: follower, author: followee)
    }

    public func blocked(blocker: UserID, blocked: UserID) async throws {
        try await unfollowed(follower: blocker, followee: blocked)
        try await unfollowed(follower: blocked, followee: blocker)
    }

    /// Counters changed (like, comment, save): cached copies become stale, the next reader reloads.
    public func engagementChanged(_ post: PostID) { posts.invalidate(post) }

    /// `user` liked, commented on, saved or shared `post`: its counters and the user's ranking signals
    /// (relationship and interest) change.
    public func engaged(user: UserID, post: PostID) {
        posts.invalidate(post)
        rankingSignals.readerChanged(user)
    }
}
