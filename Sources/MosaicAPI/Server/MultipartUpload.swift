import Foundation
import Hummingbird
import MosaicCore
import MultipartKit
import NIOCore

/// A `multipart/form-data` upload streamed to a temporary file: the file part never sits in memory whole, so a
/// 30 MB upload costs one 64 KB buffer, not 30 MB per request. Small text fields are kept (≤ 1 KB each).
struct MultipartUpload {
    var fields: [String: String] = [:]
    var filePath: String?
    var fileBytes = 0

    static let maxFileBytes = 30 * 1024 * 1024

    static let tooLarge = MosaicError(status: 413, code: "file_too_large", message: "Uploads are at most 30 MB.")

    /// Reads the request body into `directory` (a temp file named by `fileName`). Throws 413 as soon as the
    /// file part passes 30 MB, 400 for a body that is not multipart/form-data with a `file` part.
    static func receive(_ request: Request, into directory: String, fileName: String) async throws -> MultipartUpload {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = boundary(in: contentType) else {
            throw MosaicError.badRequest("invalid_multipart", "Send multipart/form-data with a 'file' part.")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxFileBytes + 64 * 1024 {
            throw tooLarge
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw MosaicError(status: 503, code: "storage_unavailable", message: "Uploads are not possible right now.", retryAfter: 5)
        }
        defer { try? out.close() }

        final class State {
            var upload = MultipartUpload()
            var partName: String?
            var isFile = false
            var value: [UInt8] = []
            var error: MosaicError?
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            state.partName = Self.parameter("name", in: value)
            state.isFile = state.partName == "file"
        }
        parser.onBody = { buffer in
            guard state.error == nil else { return }
            if state.isFile {
                state.upload.fileBytes += buffer.readableBytes
                if state.upload.fileBytes > maxFileBytes { state.error = tooLarge; return }
                buffer.withUnsafeReadableBytes { out.write(Data($0)) }
            } else if state.value.count + buffer.readableBytes <= 1024 {
                state.value += buffer.readableBytesView
            } else {
                state.error = .badRequest("field_too_large", "Form fields are at most 1 KB.")
            }
        }
        parser.onPartComplete = {
            if state.isFile { state.upload.filePath = path } else if let name = state.partName {
                state.upload.fields[name] = String(decoding: state.value, as: UTF8.self)
            }
            state.partName = nil; state.isFile = false; state.value = []
        }
        var first = true
        do {
            for try await var chunk in request.body {
                if first {
                    // The parser expects every boundary after a CRLF, including the first.
                    var prefixed = ByteBuffer(string: "\r\n")
                    prefixed.writeBuffer(&chunk)
                    chunk = prefixed
                    first = false
                }
                try parser.execute(chunk)
                if let e = state.error { throw e }
            }
        } catch let e as MosaicError {
            try? FileManager.default.removeItem(atPath: path)
            throw e
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw MosaicError.badRequest("invalid_multipart", "The multipart body is malformed.")
        }
        guard state.upload.filePath != nil, state.upload.fileBytes > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw MosaicError.badRequest("missing_file", "The upload needs a non-empty 'file' part.")
        }
        return state.upload
    }

    static func boundary(in contentType: String) -> String? {
        guard let b = parameter("boundary", in: contentType), !b.isEmpty, b.count <= 200 else { return nil }
        return b
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
