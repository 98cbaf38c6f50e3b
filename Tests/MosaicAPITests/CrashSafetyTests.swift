import Foundation
import Testing

/// An acknowledged write survives `kill -9` of the serving process.
@Suite(.serialized) struct CrashSafetyTests {
    @Test func acknowledgedWritesSurviveKillNine() async throws {
        let data = NSTemporaryDirectory() + "mosaic-crash-\(UUID().uuidString)"
        var server = try MosaicProcess(["serve", "--data", data, "--port", "0"])
        let client = APIClient(baseURL: server.baseURL)
        var acknowledged: [(id: String, name: String, token: String)] = []
        var follows: [(String, String)] = []
        for i in 0..<12 {
            let r = try await client.post("/api/v1/accounts", ["username": "crash\(i)", "password": "correct horse battery"])
            guard r.status == 201 else { continue }
            acknowledged.append((r.string("user_id")!, "crash\(i)", r.string("token")!))
            if i > 0 {
                let f = try await client.with(token: r.string("token")).post("/api/v1/users/\(acknowledged[0].id)/follow")
                if f.status == 200 { follows.append((r.string("user_id")!, acknowledged[0].id)) }
            }
        }
        // Crash right after the last acknowledgement.
        let bio = try await client.with(token: acknowledged[0].token).patch("/api/v1/me", ["bio": "written just before the crash"])
        #expect(bio.status == 200)
        server.kill9()

        server = try MosaicProcess(["serve", "--data", data, "--port", "0"])
        defer { server.stop() }
        let after = APIClient(baseURL: server.baseURL)
        for a in acknowledged {
            let r = try await after.get("/api/v1/users/\(a.name)")
            #expect(r.status == 200 && r.string("user_id") == a.id, "account \(a.name) survived")
            #expect(try await after.with(token: a.token).get("/api/v1/me").status == 200, "its session survived")
        }
        let star = try await after.get("/api/v1/users/\(acknowledged[0].name)")
        #expect(star["follower_count"] as? Int == follows.count)
        #expect(star.string("bio") == "written just before the crash")
    }
}
