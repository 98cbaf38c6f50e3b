import Foundation
import Hummingbird
import MosaicCore
import MosaicStore

struct SignUpInput: APIInput {
    static let fields: Set<String> = ["username", "password", "full_name", "email"]
    let username: String
    let password: String
    let fullName: String?
    let email: String?
    enum CodingKeys: String, CodingKey { case username, password, fullName = "full_name", email }
}

struct LogInInput: APIInput {
    static let fields: Set<String> = ["username", "password"]
    let username: String
    let password: String
}

struct ProfileInput: APIInput {
    static let fields: Set<String> = ["full_name", "bio", "is_private", "region"]
    let fullName: String?
    let bio: String?
    let isPrivate: Bool?
    let region: String?
    enum CodingKeys: String, CodingKey { case fullName = "full_name", bio, isPrivate = "is_private", region }
}

struct InterestsInput: APIInput {
    static let fields: Set<String> = ["interests", "region", "restricted_categories"]
    let interests: [String]
    /// Optional: the region whose popular posts Explore shows first within the interests (new accounts have none).
    let region: String?
    /// Optional: categories Explore must never show (absent: unchanged).
    let restrictedCategories: [String]?
    enum CodingKeys: String, CodingKey { case interests, region, restrictedCategories = "restricted_categories" }
}

struct InterestsView: Encodable {
    let interests: [String]
    let available: [String]
    /// Nil until the user sets one.
    let region: String?
    let availableRegions: [String]
    let restrictedCategories: [String]
    init(interests: [String], region: String, restricted: [String]) {
        self.interests = interests; available = InterestCategory.all
        self.region = region.isEmpty ? nil : region; availableRegions = RegionCode.all; restrictedCategories = restricted
    }
}

struct SessionView: Encodable {
    let userId: UserID
    let username: String
    let token: String
}

extension Services {
    /// A region from a request (`nil` when absent): one of `RegionCode.all`, else 400 `unknown_region`.
    static func region(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        guard let code = RegionCode.canonical(raw) else {
            throw MosaicError.badRequest("unknown_region", "Regions are among: \(RegionCode.all.joined(separator: ", ")).")
        }
        return code
    }

    /// Categories from a request, lower-cased and listed once; 422 `unknown_interest` for one not in
    /// `InterestCategory.all`.
    static func categories(_ raw: [String]) throws -> [String] {
        var out: [String] = []
        for r in raw {
            let c = r.lowercased()
            guard InterestCategory.all.contains(c) else {
                throw MosaicError.unprocessable("unknown_interest", "Categories are among: \(InterestCategory.all.joined(separator: ", ")).")
            }
            if !out.contains(c) { out.append(c) }
        }
        return out
    }

    func addAccountRoutes(_ r: RouteTable) {
        r.post("/api/v1/accounts") { request, context in
            try self.limits.take("signup:ip:\(context.remoteIP)", RateLimiter.Rules.signupPerIP)
            let input = try await JSONBody.decode(SignUpInput.self, from: request)
            let username = try Validation.username(input.username)
            try Validation.password(input.password, username: username)
            let fullName = try Validation.text(input.fullName ?? "", field: "full_name", max: Validation.maxFullNameLength, allowEmpty: true)
            var email: String? = nil
            if let e = input.email?.trimmingWhitespace().lowercased(), !e.isEmpty {
                guard e.count <= 254, e.contains("@"), !e.hasPrefix("@"), !e.hasSuffix("@") else {
                    throw MosaicError.unprocessable("invalid_email", "The email address is not valid.")
                }
                email = e
            }
            if try await self.store.user(username: username) != nil {
                throw MosaicError.conflict("username_taken", "This username is taken.")
            }
            let hash = try await self.passwords.hash(input.password)
            let now = self.clock.now()
            let user = try await self.store.createAccount(NewAccount(
                id: self.ids.next(shard: self.newUserShard()), username: username, passwordHash: hash,
                fullName: fullName, email: email, createdAt: now))
            let token = try await self.openSession(user.id)
            return try JSONBody.response(SessionView(userId: user.id, username: user.username, token: token), status: .created)
        }

        r.post("/api/v1/sessions") { request, context in
            try self.limits.take("login:ip:\(context.remoteIP)", RateLimiter.Rules.loginPerIP)
            let input = try await JSONBody.decode(LogInInput.self, from: request)
            let name = input.username.lowercased()
            try self.limits.take("login:user:\(name)", RateLimiter.Rules.loginPerAccount)
            guard name.utf8.count <= 64, input.password.utf8.count <= 1024,
                  let (id, hash) = try await self.store.passwordHash(username: name),
                  try await self.passwords.verify(input.password, against: hash) else {
                throw MosaicError.invalidCredentials
            }
            let token = try await self.openSession(id)
            return try JSONBody.response(SessionView(userId: id, username: name, token: token))
        }

        r.delete("/api/v1/sessions") { request, context in
            guard let token = self.bearerToken(request) else { throw MosaicError.unauthorized }
            _ = try await self.viewer(request, context)
            try await self.store.deleteSession(tokenHash: SessionToken.hash(token))
            return JSONBody.noContent()
        }

        r.get("/api/v1/me") { request, context in
            let viewer = try await self.viewer(request, context)
            guard let user = try await self.store.user(id: viewer) else { throw MosaicError.unauthorized }
            return try JSONBody.response(ProfileView(user, relationship: nil, isViewer: true))
        }

        r.patch("/api/v1/me") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(ProfileInput.self, from: request)
            let changes = ProfileChanges(
                fullName: try input.fullName.map { try Validation.text($0, field: "full_name", max: Validation.maxFullNameLength, allowEmpty: true) },
                bio: try input.bio.map { try Validation.text($0, field: "bio", max: Validation.maxBioLength, allowEmpty: true) },
                isPrivate: input.isPrivate, region: try Self.region(input.region))
            let user = try await self.store.updateProfile(id: viewer, changes, at: self.clock.now())
            if let p = input.isPrivate { await self.hooks.didChangePrivacy(user: viewer, isPrivate: p) }
            if let r = changes.region { await self.hooks.didChangeRegion(user: viewer, region: r) }
            return try JSONBody.response(ProfileView(user, relationship: nil, isViewer: true))
        }

        r.put("/api/v1/me/interests") { request, context in
            let viewer = try await self.viewer(request, context)
            let input = try await JSONBody.decode(InterestsInput.self, from: request)
            let chosen = try Self.categories(input.interests)
            let restricted = try input.restrictedCategories.map(Self.categories)
            let region = try Self.region(input.region)
            try await self.store.setInterests(user: viewer, chosen)
            if let restricted { try await self.store.setRestrictedCategories(user: viewer, restricted) }
            let user: User?
            if let region {
                user = try await self.store.updateProfile(id: viewer, ProfileChanges(region: region), at: self.clock.now())
                await self.hooks.didChangeRegion(user: viewer, region: region)
            } else {
                user = try await self.store.user(id: viewer)
            }
            let nowRestricted = if let restricted { restricted } else { try await self.store.restrictedCategories(user: viewer) }
            return try JSONBody.response(InterestsView(interests: chosen, region: user?.region ?? "", restricted: nowRestricted))
        }

        r.get("/api/v1/me/interests") { request, context in
            let viewer = try await self.viewer(request, context)
            async let user = self.store.user(id: viewer)
            async let restricted = self.store.restrictedCategories(user: viewer)
            return try JSONBody.response(InterestsView(interests: try await self.store.interests(user: viewer),
                                                       region: try await user?.region ?? "", restricted: try await restricted))
        }

        r.get("/api/v1/users/:user") { request, context in
            let viewer = try await self.optionalViewer(request, context)
            let key = context.parameters.get("user") ?? ""
            var found = key.count <= 30 ? try await self.store.user(username: key.lowercased()) : nil
            if found == nil, let id = MosaicID(key) { found = try await self.store.user(id: id) }
            guard let user = found else { throw MosaicError.notFound("The account") }
            let (u, rel) = try await self.visibleUser(id: user.id, viewer: viewer)
            if let viewer, viewer != u.id { try await self.store.recordProfileVisit(viewer: viewer, profile: u.id, at: self.clock.now()) }
            return try JSONBody.response(ProfileView(u, relationship: rel, isViewer: viewer == u.id))
        }
    }

    /// A fresh session for an existing account (the demo prints one so the API can be tried at once).
    public func sessionToken(username: String) async throws -> String {
        guard let user = try await store.user(username: username) else { throw MosaicError.notFound("The account") }
        return try await openSession(user.id)
    }

    func openSession(_ user: UserID) async throws -> String {
        let (token, hash) = SessionToken.generate()
        let now = clock.now()
        try await store.createSession(userID: user, tokenHash: hash, createdAt: now, expiresAt: now.addingTimeInterval(config.sessionLifetime))
        return token
    }
}
