import Foundation
import NIOCore
import Testing
@testable import MosaicAPI

/// The web client is served by the API server itself: the shell at `/` and every `/app/...` deep link,
/// versioned immutable assets under `/static/<version>/`, and nothing else taken from the API's namespace.
@Suite struct WebAppTests {
    @Test func shellAnswersRootAndDeepLinksWithVersionedAssets() async throws {
        let server = try await TestServer.start()
        for path in ["/", "/app", "/app/explore", "/app/u/alice", "/app/p/123"] {
            let r = try await server.client.get(path)
            #expect(r.status == 200, "\(path)")
            #expect(r.headers["content-type"]?.hasPrefix("text/html") == true, "\(path)")
            #expect(r.headers["cache-control"] == "no-cache")
            #expect(r.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        }
        let html = String(decoding: try await server.client.get("/").body, as: UTF8.self)
        #expect(!html.contains("{{static}}"))
        let prefix = WebAppSite.bundled.staticPrefix
        #expect(html.contains("\(prefix)/js/main.js"))
        #expect(html.contains("\(prefix)/css/app.css"))
    }

    @Test func assetsAreImmutableWithETagsAndRevalidate() async throws {
        let server = try await TestServer.start()
        let prefix = WebAppSite.bundled.staticPrefix
        let js = try await server.client.get("\(prefix)/js/main.js")
        #expect(js.status == 200)
        #expect(js.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(js.headers["cache-control"] == "public, max-age=31536000, immutable")
        #expect(String(decoding: js.body, as: UTF8.self).contains("import"))
        let etag = try #require(js.headers["etag"])
        let again = try await server.client.send("GET", "\(prefix)/js/main.js", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let css = try await server.client.get("\(prefix)/css/app.css")
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        // A page from an older deploy still gets files, but must not cache them forever.
        let stale = try await server.client.get("/static/000000000000/js/main.js")
        #expect(stale.status == 200)
        #expect(stale.headers["cache-control"] == "no-cache")
    }

    @Test func unknownAndEscapingPathsAreJSONNotFound() async throws {
        let server = try await TestServer.start()
        let prefix = WebAppSite.bundled.staticPrefix
        for path in ["\(prefix)/nope.js", "\(prefix)/../openapi.yaml", "\(prefix)/index.html", "/static/x"] {
            let r = try await server.client.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(r.errorCode == "not_found", "\(path)")
        }
        // The API keeps its own answers.
        #expect(try await server.client.get("/api/v1/nope").errorCode == "not_found")
        #expect(try await server.client.get("/healthz").status == 200)
        #expect(try await server.client.post("/", ["x": 1]).status != 200)
    }

    @Test func versionFollowsContent() {
        let a = WebAppSite(sources: ["index.html": Array("<script src=\"{{static}}/a.js\">".utf8), "a.js": Array("1".utf8)])
        let b = WebAppSite(sources: ["index.html": Array("<script src=\"{{static}}/a.js\">".utf8), "a.js": Array("2".utf8)])
        #expect(a.staticPrefix != b.staticPrefix)
        #expect(a.asset(at: "\(a.staticPrefix)/a.js")?.cacheControl == "public, max-age=31536000, immutable")
        #expect(a.asset(at: "\(b.staticPrefix)/a.js")?.cacheControl == "no-cache")
        #expect(a.files["a.js"]?.etag != b.files["a.js"]?.etag)
        let shell = String(buffer: a.shell!.bytes)
        #expect(shell == "<script src=\"\(a.staticPrefix)/a.js\">")
    }
}
