import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import MosaicCore
import NIOCore

/// Outermost middleware: gives every request an ID, logs it, counts it, and turns every thrown error into the
/// API's JSON error shape. Unexpected errors become a 500 that is logged with the request ID — never a crash.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[.xRequestID].flatMap { $0.count <= 64 ? $0 : nil }
            ?? String(UInt64.random(in: 1...UInt64.max), radix: 36)
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let e as MosaicError {
            response = e.response(requestID: requestID)
        } catch let e as HTTPError {
            response = MosaicError.from(e).response(requestID: requestID)
        } catch is NIOTooManyBytesError {
            response = MosaicError(status: 413, code: "body_too_large", message: "The request body is too large.")
                .response(requestID: requestID)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(describing: error))])
            response = MosaicError(status: 500, code: "internal", message: "Something went wrong on our side.")
                .response(requestID: requestID)
        }
        response.headers[.xRequestID] = requestID
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        let status = Int(response.status.code)
        Timer(label: "mosaic_http_request_duration", dimensions: [("route", route), ("method", request.method.rawValue)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        Counter(label: "mosaic_http_requests_total",
                dimensions: [("route", route), ("status", String(status / 100) + "xx")]).increment()
        if status >= 500 {
            context.logger.error("request failed", metadata: ["method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status)])
        } else {
            context.logger.debug("request", metadata: ["method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status)])
        }
        return response
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-ID")!
}
