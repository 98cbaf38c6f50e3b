/// Why an upload was refused. `code` and `httpStatus` are part of the public API contract (see API.md):
/// clients branch on the code, so the strings never change.
public enum MediaError: Error, Sendable, Equatable {
    case fileTooLarge(bytes: Int, limit: Int)
    case unsupportedFormat(String)
    case imageTooSmall(width: Int, height: Int, minimumShortSide: Int)
    case imageTooLargePixels(width: Int, height: Int, limit: Int)
    case corruptImage(String)
    case unknownFilter(String)
    case overloaded(retryAfterSeconds: Int)
    /// The disk refused a write: a server fault, never the uploader's.
    case storageFailed(String)

    public var code: String {
        switch self {
        case .fileTooLarge: "file_too_large"
        case .unsupportedFormat: "unsupported_format"
        case .imageTooSmall: "image_too_small"
        case .imageTooLargePixels: "image_too_large_pixels"
        case .corruptImage: "corrupt_image"
        case .unknownFilter: "unknown_filter"
        case .overloaded: "overloaded"
        case .storageFailed: "storage_failed"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .fileTooLarge: 413
        case .unsupportedFormat: 415
        case .imageTooSmall, .imageTooLargePixels, .corruptImage, .unknownFilter: 422
        case .overloaded: 503
        case .storageFailed: 500
        }
    }

    /// Seconds for a `Retry-After` header, when the answer should carry one.
    public var retryAfterSeconds: Int? {
        if case .overloaded(let seconds) = self { return seconds }
        return nil
    }

    public var message: String {
        switch self {
        case .fileTooLarge(let bytes, let limit):
            "The file is \(bytes) bytes; uploads are limited to \(limit) bytes."
        case .unsupportedFormat(let detail):
            "Unsupported file: \(detail). Upload a JPEG, PNG, WebP or HEIC/AVIF image."
        case .imageTooSmall(let width, let height, let minimum):
            "The image is \(width)×\(height); its short side must be at least \(minimum) pixels."
        case .imageTooLargePixels(let width, let height, let limit):
            "The image claims \(width)×\(height) pixels; at most \(limit) pixels are accepted."
        case .corruptImage(let detail):
            "The image data is truncated or corrupt (\(detail))."
        case .unknownFilter(let name):
            "Unknown filter '\(name)'. Known filters: \(FilterPreset.all.map(\.name).joined(separator: ", "))."
        case .overloaded:
            "Image processing is at capacity; retry shortly."
        case .storageFailed(let detail):
            "The processed image could not be stored (\(detail))."
        }
    }
}
