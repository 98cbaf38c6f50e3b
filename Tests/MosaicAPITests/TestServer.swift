import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import MosaicCore
import MosaicExplore
import MosaicRealtime
import MosaicStore
@testable import MosaicAPI

/// A real Mosaic server on a free loopback port, over a fresh data folder, for one test.
final class TestServer: @unchecked Sendable {
    let services: Services
    let baseURL: String
    let clock: ManualClock
    let directory: String
    private let task: Task<Void, any Error>

    /// `directory` reopens an earlier server's data (a restart); `push` installs a `PushHub` for WebSockets.
    static func start(relaxed: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in },
                      explore: ((any Services.Store, PostCatalog, ManualClock) -> any ExploreService)? = nil,
                      directory: String? = nil, push: Bool = false) async throws -> TestServer {
        let dir = directory ?? NSTemporaryDirectory() + "mosaic-api-\(UUID().uuidString)"
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dir, relaxedLimits: relaxed, passwordCostLog2: 10)
        configure(&config)
        let store = try SQLiteStore(directory: dir, synchronousFull: false)
        let clock = ManualClock(Date())
        var logger = Logger(label: "mosaic-test")
        logger.logLevel = .critical
        let catalog = PostCatalog()
        let feed = Services.makeFeedEngine(store: store, config: config, clock: clock, logger: logger)
        let services = Services(store: store, config: config, clock: clock, logger: logger, feed: feed, catalog: catalog,
                                explore: explore?(store, catalog, clock))
        if push { services.push.install(try PushHub(directory: dir + "/push", clock: clock)) }
        try await services.warmUp()
        services.installFeedObserver()
        try await feed.warmUp()
        return await serving(services, clock: clock, directory: dir)
    }

    /// Serves `services` (a test's own, or a `MosaicRuntime`'s) on a free loopback port.
    static func serving(_ services: Services, clock: ManualClock, directory: String) async -> TestServer {
        let (stream, cont) = AsyncStream<Int>.makeStream()
        let app = MosaicServer.application(services: services) { port in cont.yield(port); cont.finish() }
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        return TestServer(services: services, baseURL: "http://127.0.0.1:\(port)", clock: clock, directory: directory, task: task)
    }

    private init(services: Services, baseURL: String, clock: ManualClock, directory: String, task: Task<Void, any Error>) {
        self.services = services; self.baseURL = baseURL; self.clock = clock; self.directory = directory; self.task = task
    }

    deinit { task.cancel() }

    /// Stops serving and closes the push log, so another server can open the same folder.
    func stop() async throws {
        task.cancel()
        _ = await task.result
        try await services.push.hub?.shutdown()
    }

    var port: Int { Int(baseURL.split(separator: ":").last ?? "0") ?? 0 }

    var client: APIClient { APIClient(baseURL: baseURL) }
}

/// A JSON answer: status, headers and the decoded body.
struct Reply: @unchecked Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    subscript(key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
    func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
}

/// A client written from the API contract: it only speaks HTTP and JSON.
struct APIClient: Sendable {
    let baseURL: String
    var token: String? = nil

    func with(token: String?) -> APIClient { var c = self; c.token = token; return c }

    @discardableResult
    func send(_ method: String, _ path: String, json: Any? = nil, raw: Data? = nil, contentType: String? = nil,
              headers: [String: String] = [:]) async throws -> Reply {
        var req = URLRequest(url: URL(string: baseURL + path)!)
        req.httpMethod = method
        if let token { req.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            req.httpBody = try JSONSerialization.data(withJSONObject: json)
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let raw { req.httpBody = raw }
        if let contentType { req.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: req)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, headers: h, body: data)
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    func post(_ path: String, _ json: Any? = nil) async throws -> Reply { try await send("POST", path, json: json) }
    func delete(_ path: String) async throws -> Reply { try await send("DELETE", path) }
    func patch(_ path: String, _ json: Any) async throws -> Reply { try await send("PATCH", path, json: json) }
}

/// A signed-up user and a client holding their token.
struct TestUser: Sendable {
    let id: String
    let username: String
    let client: APIClient
}

extension TestServer {
    func signUp(_ username: String, password: String = "ZQ9#XV2!WP7$LM4&") async throws -> TestUser {
        let r = try await client.post("/api/v1/accounts", ["username": username, "password": password, "full_name": username.capitalized])
        guard r.status == 201, let id = r.string("user_id"), let token = r.string("token") else {
            throw TestFailure("sign-up failed: \(r.status) \(String(decoding: r.body, as: UTF8.self))")
        }
        return TestUser(id: id, username: username, client: client.with(token: token))
    }

    /// A media record made directly through the store (the upload endpoint has its own tests).
    func media(for user: TestUser) async throws -> String {
        let owner = MosaicID(user.id)!
        let now = clock.now()
        let m = MediaRecord(id: services.ids.next(shard: owner.shard), ownerID: owner, width: 1080, height: 1080,
                            variants: ["1080", "640", "320", "150"], placeholder: "data:image/jpeg;base64,AA",
                            createdAt: now, expiresAt: now.addingTimeInterval(86_400))
        try await services.store.createMedia(m)
        return m.id.description
    }

    func post(by user: TestUser, caption: String = "hello #mosaic") async throws -> String {
        let r = try await user.client.post("/api/v1/posts", ["media_ids": [try await media(for: user)], "caption": caption])
        guard r.status == 201, let id = r.string("post_id") else {
            throw TestFailure("post failed: \(r.status) \(String(decoding: r.body, as: UTF8.self))")
        }
        try await services.feedEngine?.drain()   // fan-out is asynchronous; the test server runs no worker
        return id
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
