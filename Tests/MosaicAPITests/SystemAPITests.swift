import Foundation
import Testing
@testable import MosaicAPI

@Suite struct SystemAPITests {
    @Test func healthMetricsAndRequestIDs() async throws {
        let s = try await TestServer.start()
        let h = try await s.client.get("/healthz")
        #expect(h.status == 200 && h.headers["x-request-id"] != nil)
        _ = try await s.client.get("/api/v1/users/nobody")
        let m = try await s.client.get("/metrics")
        let text = String(decoding: m.body, as: UTF8.self)
        #expect(m.status == 200 && text.contains("mosaic_http_requests_total"))
        let err = try await s.client.get("/api/v1/users/nobody")
        #expect((err.json["error"] as? [String: Any])?["message"] is String)
    }

    @Test func openAPIDescribesExactlyTheRoutesThatExist() async throws {
        let s = try await TestServer.start()
        let doc = try await s.client.get("/openapi.yaml")
        #expect(doc.status == 200 && String(decoding: doc.body, as: UTF8.self).hasPrefix("openapi: 3.1"))
        let routes = MosaicServer.routePaths(services: s.services)
        let documented = OpenAPIDocument.paths
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(routes).sorted() == [], "documented paths with no route")
    }

    @Test func eventsAreValidatedAndAccepted() async throws {
        let s = try await TestServer.start()
        let alice = try await s.signUp("alice")
        let post = try await s.post(by: alice)
        let ok = try await alice.client.post("/api/v1/events", ["events": [["post_id": post, "type": "impression"],
                                                                             ["post_id": post, "type": "dwell", "dwell_ms": 4200],
                                                                             ["post_id": "99999999", "type": "view"]]])
        #expect(ok.status == 202 && ok["accepted"] as? Int == 2)
        #expect(try await alice.client.post("/api/v1/events", ["events": [["post_id": post, "type": "teleport"]]]).status == 400)
        #expect(try await alice.client.post("/api/v1/events", ["events": [["post_id": post, "type": "dwell", "dwell_ms": -1]]]).status == 400)
        #expect(try await s.client.post("/api/v1/events", ["events": []]).status == 401)
    }
}
