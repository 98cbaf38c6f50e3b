/// Every failure a client can see: a stable snake_case `code`, an HTTP status and a human sentence.
/// The API turns it into `{"error": {"code", "message"}}`; nothing else reaches the wire.
public struct MosaicError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String
    /// Seconds for `Retry-After` on 429 and 503.
    public let retryAfter: Int?

    public init(status: Int, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status; self.code = code; self.message = message; self.retryAfter = retryAfter
    }

    public var description: String { "\(status) \(code): \(message)" }

    public static func badRequest(_ code: String, _ message: String) -> MosaicError {
        .init(status: 400, code: code, message: message)
    }
    public static func unprocessable(_ code: String, _ message: String) -> MosaicError {
        .init(status: 422, code: code, message: message)
    }
    public static let unauthorized = MosaicError(status: 401, code: "unauthorized",
                                                 message: "A valid bearer token is required.")
    public static let invalidCredentials = MosaicError(status: 401, code: "invalid_credentials",
                                                       message: "The username or password is wrong.")
    public static func forbidden(_ code: String = "forbidden", _ message: String) -> MosaicError {
        .init(status: 403, code: code, message: message)
    }
    public static let privateAccount = MosaicError(status: 403, code: "private_account",
                                                   message: "This account is private; follow it to see its posts.")
    public static let blocked = MosaicError(status: 403, code: "blocked",
                                            message: "You can't interact with this account.")
    public static func notFound(_ what: String) -> MosaicError {
        .init(status: 404, code: "not_found", message: "\(what) was not found.")
    }
    public static func conflict(_ code: String, _ message: String) -> MosaicError {
        .init(status: 409, code: code, message: message)
    }
    public static func rateLimited(retryAfter: Int, _ message: String = "Too many requests; try again later.") -> MosaicError {
        .init(status: 429, code: "rate_limited", message: message, retryAfter: max(1, retryAfter))
    }
    public static let invalidCursor = MosaicError(status: 400, code: "invalid_cursor",
                                                  message: "The cursor is malformed or from another list.")
    public static func invalidID(_ field: String) -> MosaicError {
        .init(status: 400, code: "invalid_id", message: "\(field) must be a decimal ID string.")
    }
}
