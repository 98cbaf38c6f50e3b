import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import NIOCore

/// A request body the API accepts: the allowed JSON keys are listed so that unknown fields are refused
/// (a misspelt field silently ignored is a bug the client never sees).
protocol APIInput: Decodable, Sendable {
    static var fields: Set<String> { get }
}

/// A view whose coding keys are already the API's snake_case names, as are those of every value inside it, so it
/// is encoded without `convertToSnakeCase`: that strategy re-derives every key of every object on every response
/// (a quarter of the CPU of encoding an Explore page). `SnakeCaseKeyedTests` holds both encodings equal.
protocol SnakeCaseKeyed: Encodable {}

enum JSONBody {
    static let maxBytes = 256 * 1024

    static let encoder = makeEncoder(convertingKeys: true)
    /// For `SnakeCaseKeyed` values, whose keys are already the API's.
    static let keyedEncoder = makeEncoder(convertingKeys: false)

    static func makeEncoder(convertingKeys: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        if convertingKeys { e.keyEncodingStrategy = .convertToSnakeCase }
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.format(date))
        }
        return e
    }

    /// Decodes and validates a JSON object body: malformed JSON, wrong types and unknown keys become 400s.
    static func decode<T: APIInput>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw MosaicError(status: 413, code: "body_too_large", message: "Request bodies are at most 256 KB.")
        } catch is NIOTooManyBytesError {
            throw MosaicError(status: 413, code: "body_too_large", message: "Request bodies are at most 256 KB.")
        }
        let data = Data(buffer.readableBytesView)
        return try decode(type, from: data)
    }

    static func decode<T: APIInput>(_ type: T.Type, from data: Data) throws -> T {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw MosaicError.badRequest("invalid_json", "The body is not valid JSON.")
        }
        guard let dict = object as? [String: Any] else {
            throw MosaicError.badRequest("invalid_json", "The body must be a JSON object.")
        }
        if let unknown = dict.keys.sorted().first(where: { !T.fields.contains($0) }) {
            throw MosaicError.badRequest("unknown_field", "Unknown field '\(unknown)'.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw MosaicError.badRequest("invalid_field", "Field '\(path(ctx))' has the wrong type.")
        } catch let DecodingError.keyNotFound(key, _) {
            throw MosaicError.badRequest("missing_field", "Field '\(key.stringValue)' is required.")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw MosaicError.badRequest("invalid_field", "Field '\(path(ctx))' is invalid: \(ctx.debugDescription)")
        } catch {
            throw MosaicError.badRequest("invalid_json", "The body could not be read.")
        }
    }

    private static func path(_ ctx: DecodingError.Context) -> String {
        ctx.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        json(try encoder.encode(value), status: status)
    }

    /// The lists of posts (feeds, Explore, profiles) skip the key conversion.
    static func response<T: SnakeCaseKeyed>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        json(try keyedEncoder.encode(value), status: status)
    }

    private static func json(_ data: Data, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func noContent() -> Response { Response(status: .noContent) }
}

/// RFC 3339 UTC timestamps with milliseconds, e.g. `2026-11-25T07:18:14.123Z`.
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var secs = ms / 1000
        let millis = Int(ms - secs * 1000)
        if millis < 0 { secs -= 1 }
        var t = time_t(secs)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1,
                      Int(tmv.tm_mday), Int(tmv.tm_hour), Int(tmv.tm_min), Int(tmv.tm_sec), (millis + 1000) % 1000)
    }
}
