import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct FollowStateView: Encodable { let state: String }

extension Services {
    func addGraphRoutes(_ r: RouteTable) {
        r.post("/api/v1/users/:user/follow") { request, context in
            let viewer = try await self.viewer(request, context)
            let target = try context.id("user")
            guard target != viewer else { throw MosaicError.unprocessable("cannot_follow_self", "You can't follow yourself.") }
            try self.limits.take("write:\(viewer)", RateLimiter.Rules.writesPerAccount)
            guard let user = try await self.store.user(id: target) else { throw MosaicError.notFound("The account") }
            let rel = try await self.store.relationship(viewer: viewer, target: target)
            if rel.blockedByTarget { throw MosaicError.notFound("The account") }
            if rel.viewerBlocked { throw MosaicError.blocked }
            let state = try await self.store.follow(follower: viewer, followee: target, edgeID: self.ids.next(shard: viewer.shard),
                                                    requiresApproval: user.isPrivate, at: self.clock.now())
            await self.hooks.didFollow(follower: viewer, followee: target, state: state)
            return try JSONBody.response(FollowStateView(state: state.rawValue))
        }

        r.delete("/api/v1/users/:user/follow") { request, context in
            let viewer = try await self.viewer(request, context)
            let target = try context.id("user")
            guard try await self.store.user(id: target) != nil else { throw MosaicError.notFound("The account") }
            if try await self.store.unfollow(follower: viewer, followee: target) {
                await self.hooks.didUnfollow(follower: viewer, followee: target)
            }
            return JSONBody.noContent()
        }

        r.get("/api/v1/me/follow_requests") { request, context in
            let viewer = try await self.viewer(request, context)
            let page = try await self.store.followRequests(owner: viewer, page: try request.page(kind: CursorKind.followRequests))
            return try JSONBody.response(UserListView(users: try await self.userSummaries(page.items),
                                                      nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }

        for (action, approve) in [("approve", true), ("deny", false)] {
            r.post("/api/v1/me/follow_requests/:user/\(action)") { request, context in
                let viewer = try await self.viewer(request, context)
                let requester = try context.id("user")
                guard try await self.store.resolveFollowRequest(owner: viewer, requester: requester, approve: approve,
                                                                edgeID: self.ids.next(shard: requester.shard), at: self.clock.now()) else {
                    throw MosaicError.notFound("The follow request")
                }
                if approve { await self.hooks.didFollow(follower: requester, followee: viewer, state: .following) }
                return JSONBody.noContent()
            }
        }

        r.post("/api/v1/users/:user/block") { request, context in
            let viewer = try await self.viewer(request, context)
            let target = try context.id("user")
            guard target != viewer else { throw MosaicError.unprocessable("cannot_block_self", "You can't block yourself.") }
            guard try await self.store.user(id: target) != nil else { throw MosaicError.notFound("The account") }
            try await self.store.block(blocker: viewer, blocked: target, at: self.clock.now())
            await self.hooks.didBlock(blocker: viewer, blocked: target)
            return JSONBody.noContent()
        }

        r.delete("/api/v1/users/:user/block") { request, context in
            let viewer = try await self.viewer(request, context)
            let target = try context.id("user")
            try await self.store.unblock(blocker: viewer, blocked: target)
            return JSONBody.noContent()
        }

        for (path, kind) in [("followers", CursorKind.followers), ("following", CursorKind.following)] {
            r.get("/api/v1/users/:user/\(path)") { request, context in
                let viewer = try await self.optionalViewer(request, context)
                let (user, rel) = try await self.visibleUser(id: try context.id("user"), viewer: viewer)
                guard self.canSeeContent(of: user, relationship: rel, viewer: viewer) else {
                    throw rel?.eitherBlocked == true ? MosaicError.blocked : MosaicError.privateAccount
                }
                let pageRequest = try request.page(kind: kind)
                let page = kind == CursorKind.followers
                    ? try await self.store.followers(of: user.id, page: pageRequest)
                    : try await self.store.following(of: user.id, page: pageRequest)
                // Accounts that blocked the viewer (or that the viewer blocked) are left out of lists.
                let hidden = try await self.blockedSet(viewer)
                let users = try await self.userSummaries(page.items.filter { !hidden.contains($0) })
                return try JSONBody.response(UserListView(users: users, nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
            }
        }

        r.get("/api/v1/users/:user/posts") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            let (user, rel) = try await self.visibleUser(id: try context.id("user"), viewer: viewer)
            guard self.canSeeContent(of: user, relationship: rel, viewer: viewer) else {
                throw rel?.eitherBlocked == true ? MosaicError.blocked : MosaicError.privateAccount
            }
            let page = try await self.store.posts(author: user.id, page: try request.page(kind: CursorKind.userPosts))
            let views = try await self.postViews(page.items, viewer: viewer, filterVisibility: false)
            return try JSONBody.response(PostListView(posts: views, nextCursor: page.nextCursor?.encoded, hasMore: page.hasMore))
        }
    }
}
