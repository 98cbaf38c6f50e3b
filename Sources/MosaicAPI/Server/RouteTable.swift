import Hummingbird

/// Registers routes on the router and remembers each (method, path) so that a test can hold the published
/// OpenAPI document to exactly the routes that exist.
final class RouteTable: @unchecked Sendable {
    // Only mutated while the router is being built, before the server starts.
    let router: Router<APIContext>
    private(set) var routes: [(method: String, path: String)] = []

    init(router: Router<APIContext>) { self.router = router }

    typealias Handler = @Sendable (Request, APIContext) async throws -> Response

    func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        routes.append((method.rawValue, path))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }

    func get(_ path: String, _ h: @escaping Handler) { on(.get, path, h) }
    func post(_ path: String, _ h: @escaping Handler) { on(.post, path, h) }
    func put(_ path: String, _ h: @escaping Handler) { on(.put, path, h) }
    func patch(_ path: String, _ h: @escaping Handler) { on(.patch, path, h) }
    func delete(_ path: String, _ h: @escaping Handler) { on(.delete, path, h) }

    /// The paths in OpenAPI form: `:id` becomes `{id}`.
    var openAPIPaths: Set<String> {
        Set(routes.map { r in
            r.path.split(separator: "/", omittingEmptySubsequences: false).map { seg in
                seg.hasPrefix(":") ? "{\(seg.dropFirst())}" : String(seg)
            }.joined(separator: "/")
        })
    }
}
