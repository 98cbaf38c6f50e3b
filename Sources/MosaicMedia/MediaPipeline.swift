import Dispatch
import Foundation

/// The upload pipeline's entry point. Safe to share across requests: libvips work runs on Dispatch threads
/// (never on Swift's cooperative pool, which blocking decodes would starve), at most
/// `configuration.concurrentJobs` at once, with a bounded wait queue beyond which callers get `.overloaded`.
public final class MediaPipeline: Sendable {
    public let configuration: MediaConfiguration
    private let slots: WorkSlots
    private let queue = DispatchQueue(label: "mosaic.media", qos: .userInitiated, attributes: .concurrent)

    public init(configuration: MediaConfiguration = MediaConfiguration()) {
        self.configuration = configuration
        self.slots = WorkSlots(slots: configuration.concurrentJobs, queueLimit: configuration.maxQueuedJobs)
    }

    /// Validates, decodes, filters and stores one uploaded file as the variants of `MediaVariant` in
    /// `directory` (created if needed). The upload file itself is left for the caller to delete.
    public func process(file: URL, filter: String?, into directory: URL) async throws(MediaError)
        -> ProcessedMedia {
        let preset = try FilterPreset.named(filter)   // refuse bad input before taking a slot
        guard await slots.acquire() else { throw .overloaded(retryAfterSeconds: configuration.retryAfterSeconds) }
        defer { slots.release() }
        let processor = MediaProcessor(configuration: configuration)
        let filePath = file.path, directoryPath = directory.path
        let result: Result<ProcessedMedia, MediaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(MediaError) {
                    continuation.resume(returning: .success(
                        try processor.process(file: filePath, filter: preset, into: directoryPath)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Processes an in-memory encoded image (e.g. from `JPEGEncoder`) by spooling it to a temporary file.
    public func process(encoded bytes: [UInt8], filter: String?, into directory: URL) async throws(MediaError)
        -> ProcessedMedia {
        let spool = FileManager.default.temporaryDirectory
            .appendingPathComponent("mosaic-upload-\(UInt64.random(in: 0...UInt64.max))")
        do { try Data(bytes).write(to: spool) } catch { throw .storageFailed("cannot spool upload") }
        defer { try? FileManager.default.removeItem(at: spool) }
        return try await process(file: spool, filter: filter, into: directory)
    }

    /// The same work on the caller's thread, without admission control: for batch jobs (world generation,
    /// benchmarks) that bound their own parallelism.
    public func processSynchronously(file: URL, filter: String?, into directory: URL) throws(MediaError)
        -> ProcessedMedia {
        let preset = try FilterPreset.named(filter)
        return try MediaProcessor(configuration: configuration)
            .process(file: file.path, filter: preset, into: directory.path)
    }

    var slotsForTesting: WorkSlots { slots }

    /// Jobs running and waiting now (for metrics).
    public var load: (running: Int, waiting: Int) { slots.snapshot }
}
