import Foundation
import Testing
@testable import MosaicAPI

@Suite struct AccountAPITests {
    @Test func signUpLogInAndProfile() async throws {
        let server = try await TestServer.start()
        let c = server.client
        let r = try await c.post("/api/v1/accounts", ["username": "Jane.Doe", "password": "correct horse battery", "full_name": "Jane Doe"])
        #expect(r.status == 201)
        #expect(r.string("username") == "jane.doe")
        let id = try #require(r.string("user_id"))
        #expect(UInt64(id) != nil, "IDs are decimal strings")
        #expect(try await c.post("/api/v1/accounts", ["username": "JANE.DOE", "password": "another good one"]).status == 409)

        let login = try await c.post("/api/v1/sessions", ["username": "jane.doe", "password": "correct horse battery"])
        #expect(login.status == 200 && login.string("user_id") == id)
        let bad = try await c.post("/api/v1/sessions", ["username": "jane.doe", "password": "wrong password!"])
        #expect(bad.status == 401 && bad.errorCode == "invalid_credentials")
        #expect(try await c.post("/api/v1/sessions", ["username": "nobody", "password": "whatever123"]).errorCode == "invalid_credentials")

        let me = c.with(token: login.string("token"))
        let profile = try await me.get("/api/v1/me")
        #expect(profile.status == 200 && profile.string("full_name") == "Jane Doe")
        let patched = try await me.patch("/api/v1/me", ["bio": "photos of bread", "is_private": true])
        #expect(patched.string("bio") == "photos of bread" && patched["is_private"] as? Bool == true)
        let pub = try await c.get("/api/v1/users/jane.doe")
        #expect(pub.status == 200 && pub["follower_count"] as? Int == 0 && pub["viewer_follows"] as? Bool == false)
        #expect(try await c.get("/api/v1/users/nobody").status == 404)

        // Logging out revokes the token.
        #expect(try await me.delete("/api/v1/sessions").status == 204)
        #expect(try await me.get("/api/v1/me").status == 401)
    }

    @Test func signUpValidation() async throws {
        let server = try await TestServer.start()
        let c = server.client
        for name in ["", "a b", ".dot", "x..y", String(repeating: "z", count: 31)] {
            let r = try await c.post("/api/v1/accounts", ["username": name, "password": "correct horse battery"])
            #expect(r.status == 422 && r.errorCode == "invalid_username", "\(name)")
        }
        for pw in ["short", "password123", "aaaaaaaaaaaaaaa", "mynamebob1"] {
            let r = try await c.post("/api/v1/accounts", ["username": "mynamebob", "password": pw])
            #expect(r.status == 422 && r.errorCode == "weak_password", "\(pw)")
        }
    }

    @Test func badInputNeverBreaksTheServer() async throws {
        let server = try await TestServer.start()
        let c = server.client
        let malformed = try await c.send("POST", "/api/v1/accounts", raw: Data("{\"username\": ".utf8), contentType: "application/json")
        #expect(malformed.status == 400 && malformed.errorCode == "invalid_json")
        let notObject = try await c.send("POST", "/api/v1/accounts", raw: Data("[1,2]".utf8), contentType: "application/json")
        #expect(notObject.status == 400)
        let unknown = try await c.post("/api/v1/accounts", ["username": "ok_name", "password": "correct horse battery", "admin": true])
        #expect(unknown.status == 400 && unknown.errorCode == "unknown_field")
        let wrongType = try await c.post("/api/v1/accounts", ["username": 42, "password": "correct horse battery"])
        #expect(wrongType.status == 400 && wrongType.errorCode == "invalid_field")
        let missing = try await c.post("/api/v1/accounts", ["username": "ok_name"])
        #expect(missing.status == 400 && missing.errorCode == "missing_field")
        let binary = try await c.send("POST", "/api/v1/sessions", raw: Data((0..<600).map { UInt8($0 % 256) }), contentType: "application/json")
        #expect(binary.status == 400)
        let huge = try await c.send("POST", "/api/v1/accounts", raw: Data(repeating: 0x20, count: 400_000), contentType: "application/json")
        #expect(huge.status == 413)
        let noRoute = try await c.get("/api/v1/nope")
        #expect(noRoute.status == 404 && noRoute.errorCode == "not_found")
        let badToken = try await c.with(token: "mos_garbage").get("/api/v1/me")
        #expect(badToken.status == 401 && badToken.errorCode == "unauthorized")
        #expect(try await c.get("/api/v1/me").status == 401)
        #expect(try await c.send("GET", "/api/v1/me", headers: ["Authorization": "Basic abc"]).status == 401)
        // The server still serves after all of that.
        #expect(try await c.get("/healthz").status == 200)
    }

    @Test func signUpAndLogInAreRateLimited() async throws {
        let server = try await TestServer.start(relaxed: false)
        let c = server.client
        _ = try await server.signUp("limited")
        var last: Reply? = nil
        for _ in 0..<12 {
            last = try await c.post("/api/v1/sessions", ["username": "limited", "password": "not the password"])
            if last?.status == 429 { break }
        }
        #expect(last?.status == 429 && last?.errorCode == "rate_limited")
        #expect(Int(last?.headers["retry-after"] ?? "") ?? 0 >= 1)
        var signUp: Reply? = nil
        for i in 0..<12 {
            signUp = try await c.post("/api/v1/accounts", ["username": "spam\(i)", "password": "correct horse battery"])
            if signUp?.status == 429 { break }
        }
        #expect(signUp?.status == 429 && signUp?.headers["retry-after"] != nil)
    }
}
