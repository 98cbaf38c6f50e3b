/// Limits and tuning of the upload pipeline. Defaults follow the design: 30 MB uploads, images upscaled
/// below 320 px short side, JPEG variants.
public struct MediaConfiguration: Sendable {
    /// Larger uploads are refused before anything is read (413).
    public var maxFileBytes: Int = 30 * 1024 * 1024
    /// Refused from the header, before decoding (422 `image_too_large_pixels`): the decompression-bomb
    /// guard. 70 MP admits 48-MP phone photos with room to spare.
    public var maxPixels: Int = 70_000_000
    /// Short sides below this are refused (422 `image_too_small`); between it and 320 they are upscaled,
    /// as all variants are produced from a 1080-pixel short side.
    public var minimumShortSide: Int = 100
    /// JPEG quality of the stored variants (progressive, Huffman-optimised, metadata stripped).
    public var jpegQuality: Int = 82
    /// Jobs decoding at the same time; each also uses libvips' worker threads.
    public var concurrentJobs: Int = 2
    /// Jobs allowed to wait for a slot; beyond that the pipeline answers `overloaded` (503 + Retry-After).
    public var maxQueuedJobs: Int = 16
    /// `Retry-After` seconds suggested when overloaded.
    public var retryAfterSeconds: Int = 2
    /// Long side of the placeholder JPEG embedded as a data URL.
    public var placeholderSide: Int = 24

    public init() {}
}
