import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import NIOCore

/// The one error shape of the API: `{"error": {"code", "message"}}` (plus `request_id` for support).
struct ErrorEnvelope: Encodable {
    struct Body: Encodable { let code: String; let message: String; let requestId: String }
    let error: Body
}

extension MosaicError {
    func response(requestID: String) -> Response {
        let body = ErrorEnvelope(error: .init(code: code, message: message, requestId: requestID))
        let data = (try? JSONBody.encoder.encode(body)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Framework errors (no route, body over the framework cap, bad method) in the API's own vocabulary.
    static func from(_ error: HTTPError) -> MosaicError {
        switch error.status.code {
        case 404: return MosaicError(status: 404, code: "not_found", message: "No such endpoint.")
        case 405: return MosaicError(status: 405, code: "method_not_allowed", message: "This method is not allowed here.")
        case 413: return MosaicError(status: 413, code: "body_too_large", message: "The request body is too large.")
        case 400..<500:
            return MosaicError(status: Int(error.status.code), code: "bad_request", message: error.body ?? "The request is malformed.")
        default:
            return MosaicError(status: 500, code: "internal", message: "Something went wrong on our side.")
        }
    }
}
