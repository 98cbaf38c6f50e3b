import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import NIOCore

/// Serves the browser client (`Resources/web`) next to the API, outside `RouteTable` so the OpenAPI document
/// only describes the API.
///
/// - `/` and `/app/...` answer the app shell (`index.html`): the client routes with the History API, so every
///   deep link (`/app/u/alice`, `/app/p/123`) survives a reload.
/// - Assets live under `/static/<version>/...`, where `<version>` hashes every file of the client. The shell is
///   revalidated on each load (`no-cache` + `ETag`), so assets can be cached forever (`immutable`): a new
///   build changes the prefix, and relative module imports inherit it.
struct WebAppMiddleware: RouterMiddleware {
    typealias Context = APIContext

    /// `MOSAIC_WEB_DIR=<folder>` serves the client from that folder, re-read on every request, so front-end
    /// work needs a reload instead of a rebuild. Unset (production), the bundled copy is read once.
    let liveDirectory: String?
    let bundled: WebAppSite

    init(site: WebAppSite = .bundled, liveDirectory: String? = ProcessInfo.processInfo.environment["MOSAIC_WEB_DIR"]) {
        bundled = site
        self.liveDirectory = liveDirectory.flatMap { $0.isEmpty ? nil : $0 }
    }

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        let isShell = path == "/" || path == "/app" || path.hasPrefix("/app/")
        let isAsset = path.hasPrefix("/static/"), isIcon = path == "/favicon.ico"
        guard isShell || isAsset || isIcon else { return try await next(request, context) }
        let site = liveDirectory.map { WebAppSite(sources: WebAppSite.load($0)) } ?? bundled
        let file: WebAppSite.File?
        if isShell {
            file = site.shell
        } else if isAsset {
            file = site.asset(at: path)
        } else {
            file = site.files["icon.svg"].map { WebAppSite.File(bytes: $0.bytes, contentType: $0.contentType, etag: $0.etag, cacheControl: "public, max-age=86400") }
        }
        guard let file else { throw MosaicError(status: 404, code: "not_found", message: "No such file.") }
        return file.response(for: request)
    }
}

/// The client's files, read once from the bundle into memory (the whole client is a few dozen kilobytes).
struct WebAppSite: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
        let cacheControl: String

        func response(for request: Request) -> Response {
            var headers = HTTPFields()
            headers[.contentType] = contentType
            headers[.eTag] = etag
            headers[.cacheControl] = cacheControl
            headers[.xContentTypeOptions] = "nosniff"
            if contentType.hasPrefix("text/html") {
                headers[.contentSecurityPolicy] = WebAppSite.contentSecurityPolicy
                headers[.referrerPolicy] = "same-origin"
            }
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentLength] = String(bytes.readableBytes)
            return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: bytes))
        }
    }

    /// Only our own scripts run; images may be `data:` placeholders or `blob:` upload previews; the socket is ours.
    static let contentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        + "connect-src 'self' ws: wss:; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

    /// Files by path relative to `web/`, with immutable caching.
    let files: [String: File]
    /// `/static/<version>`: the prefix every asset URL carries.
    let staticPrefix: String
    /// `index.html` with `{{static}}` replaced by `staticPrefix`.
    let shell: File?

    init(sources: [String: [UInt8]]) {
        var digest = SHA256()
        for path in sources.keys.sorted() {
            digest.update(data: Array(path.utf8))
            digest.update(data: sources[path]!)
        }
        let version = Self.hex(digest.finalize()).prefix(12)
        staticPrefix = "/static/\(version)"
        var files: [String: File] = [:]
        for (path, bytes) in sources {
            files[path] = File(bytes: ByteBuffer(bytes: bytes), contentType: Self.contentType(of: path),
                               etag: Self.etag(bytes), cacheControl: "public, max-age=31536000, immutable")
        }
        self.files = files
        if let index = sources["index.html"] {
            let html = String(decoding: index, as: UTF8.self).replacingOccurrences(of: "{{static}}", with: staticPrefix)
            let bytes = Array(html.utf8)
            shell = File(bytes: ByteBuffer(bytes: bytes), contentType: "text/html; charset=utf-8", etag: Self.etag(bytes),
                         cacheControl: "no-cache")
        } else {
            shell = nil
        }
    }

    /// An asset by URL path. A page loaded before a redeploy asks for an old version prefix: it gets today's
    /// file, but not cached, so it cannot pin a stale mix of files.
    func asset(at path: String) -> File? {
        let rest = path.dropFirst("/static/".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let version = rest[..<slash], relative = String(rest[rest.index(after: slash)...])
        guard !relative.isEmpty, !relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }),
              relative != "index.html", let file = files[relative] else { return nil }
        if "/static/\(version)" == staticPrefix { return file }
        return File(bytes: file.bytes, contentType: file.contentType, etag: file.etag, cacheControl: "no-cache")
    }

    /// The client shipped in the module's resources.
    static let bundled: WebAppSite = {
        // Located next to openapi.yaml, which the same `.copy("Resources")` rule ships.
        guard let spec = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources") else {
            return WebAppSite(sources: [:])
        }
        return WebAppSite(sources: load(spec.deletingLastPathComponent().appendingPathComponent("web").path))
    }()

    /// Every regular file under `root`, by relative path (hidden files skipped).
    static func load(_ root: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let fm = FileManager.default
        for relative in (try? fm.subpathsOfDirectory(atPath: root)) ?? [] {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isDirectory: ObjCBool = false
            let full = (root as NSString).appendingPathComponent(relative)
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = fm.contents(atPath: full) else { continue }
            out[relative] = Array(data)
        }
        return out
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "json": "application/json"
        case "webmanifest": "application/manifest+json"
        default: "application/octet-stream"
        }
    }

    static func etag(_ bytes: [UInt8]) -> String { "\"" + hex(SHA256.hash(data: bytes)).prefix(20) + "\"" }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
