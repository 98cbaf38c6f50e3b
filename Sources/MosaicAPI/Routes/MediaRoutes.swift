import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import MosaicMedia
import NIOCore

/// Renders a variant that is not on disk (the demo's procedural images): the record and the square size.
public typealias MediaFallback = @Sendable (MediaRecord, Int) async throws -> [UInt8]?

struct UploadView: Encodable {
    let mediaId: MediaID
    let width: Int
    let height: Int
    let urls: [String: String]
    let placeholder: String
    let blurHash: String
    let filter: String?
    let expiresAt: Date
}

extension MediaError {
    var mosaicError: MosaicError {
        MosaicError(status: httpStatus, code: code, message: message, retryAfter: retryAfterSeconds)
    }
}

extension Services {
    func mediaDirectory(owner: UserID, media: MediaID) -> String {
        (config.mediaDirectory as NSString).appendingPathComponent("\(owner)/\(media)")
    }

    func addMediaRoutes(_ r: RouteTable) {
        r.post("/api/v1/media/upload") { request, context in
            let viewer = try await self.viewer(request, context)
            try self.limits.take("upload:\(viewer)", RateLimiter.Rule(capacity: 60, per: 3600))
            let tmp = (self.config.dataDirectory as NSString).appendingPathComponent("tmp")
            let upload = try await MultipartUpload.receive(request, into: tmp, fileName: "upload-\(UInt64.random(in: 1...UInt64.max))")
            defer { if let p = upload.filePath { try? FileManager.default.removeItem(atPath: p) } }
            if let type = upload.fields["media_type"], !type.isEmpty, type != "image" {
                throw MosaicError(status: 415, code: "unsupported_format", message: "Only media_type \"image\" is supported.")
            }
            let filter = upload.fields["filter_id"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
            let id = self.ids.next(shard: viewer.shard)
            let directory = self.mediaDirectory(owner: viewer, media: id)
            let processed: ProcessedMedia
            do {
                processed = try await self.media.process(file: URL(fileURLWithPath: upload.filePath!), filter: filter,
                                                         into: URL(fileURLWithPath: directory))
            } catch let error as MediaError {
                try? FileManager.default.removeItem(atPath: directory)
                throw error.mosaicError
            }
            let now = self.clock.now()
            let record = MediaRecord(id: id, ownerID: viewer, width: processed.width, height: processed.height,
                                     variants: processed.variants.map(\.variant.name), placeholder: processed.placeholderDataURL,
                                     descriptor: processed.descriptor.values, filter: processed.filter,
                                     createdAt: now, expiresAt: now.addingTimeInterval(86_400))
            try await self.store.createMedia(record)
            return try JSONBody.response(UploadView(mediaId: id, width: record.width, height: record.height,
                                                    urls: MediaURLs.all(id), placeholder: record.placeholder,
                                                    blurHash: processed.blurHash, filter: processed.filter,
                                                    expiresAt: record.expiresAt))
        }

        r.get("/api/v1/media/filters") { _, _ in
            try JSONBody.response(["filters": FilterPreset.all.map { ["name": $0.name, "summary": $0.summary] }])
        }

        let serve: RouteTable.Handler = { request, context in
            guard let raw = context.parameters.get("media_id"), let id = MosaicID(raw) else {
                throw MosaicError.notFound("The media")
            }
            let file = context.parameters.get("file") ?? ""
            let variant = file.hasSuffix(".jpg") ? String(file.dropLast(4)) : file
            guard MediaURLs.variants.contains(variant) || variant == "full" else { throw MosaicError.notFound("The media") }
            let etag = "\"\(id)-\(variant)\""
            var headers = HTTPFields()
            headers[.eTag] = etag
            headers[.cacheControl] = "public, max-age=31536000, immutable"
            headers[.contentType] = "image/jpeg"
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
            guard let record = try await self.store.media(id: id) else { throw MosaicError.notFound("The media") }
            let path = (self.mediaDirectory(owner: record.ownerID, media: id) as NSString).appendingPathComponent("\(variant).jpg")
            var bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
            if bytes == nil, let fallback = self.mediaFallback, let size = Int(variant) {
                if let rendered = try await fallback(record, size) {
                    try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    let tmp = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
                    if FileManager.default.createFile(atPath: tmp, contents: Data(rendered)) { _ = rename(tmp, path) }
                    bytes = rendered
                }
            }
            guard let bytes else { throw MosaicError.notFound("The media") }
            headers[.contentLength] = String(bytes.count)
            if request.method == .head { return Response(status: .ok, headers: headers) }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        r.get("/media/:media_id/:file", serve)
        r.on(.head, "/media/:media_id/:file", serve)
    }

    /// Deletes media that no post or story used within 24 hours: rows and files.
    public func sweepExpiredMedia() async throws -> Int {
        var removed = 0
        while true {
            let expired = try await store.expiredMedia(now: clock.now(), limit: 500)
            guard !expired.isEmpty else { return removed }
            for m in expired { try? FileManager.default.removeItem(atPath: mediaDirectory(owner: m.ownerID, media: m.id)) }
            try await store.deleteMedia(ids: expired.map(\.id))
            removed += expired.count
        }
    }
}
