import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import NIOCore
import Prometheus

extension Services {
    func addSystemRoutes(_ r: RouteTable, metrics: PrometheusCollectorRegistry) {
        r.get("/healthz") { _, _ in
            _ = try await self.store.userCount()
            return try JSONBody.response(["status": "ok"])
        }
        r.get("/metrics") { _, _ in
            var buffer = [UInt8]()
            metrics.emit(into: &buffer)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        r.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}

/// The published OpenAPI 3.1 document (Resources/openapi.yaml), kept true by a test against the route table.
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else { return Array("openapi: 3.1.0\n".utf8) }
        return Array(data)
    }()
    public static var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Paths declared in the document (lines of the form `  /path:` under `paths:`).
    public static var paths: Set<String> {
        var out = Set<String>(), inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let f = line.first, f != " " && f != "#" { inPaths = false }
            if inPaths, line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                out.insert(String(line.dropFirst(2).dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
            }
        }
        return out
    }
}
