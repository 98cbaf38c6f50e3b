/// The result of one upload: everything the media record and the API answer need.
public struct ProcessedMedia: Sendable {
    public var format: ImageFormat
    /// Upright size of the decoded upload.
    public var sourceWidth: Int
    public var sourceHeight: Int
    /// Size of the `full` (original aspect, 1080 wide) variant.
    public var width: Int
    public var height: Int
    /// In `MediaVariant.allCases` order.
    public var variants: [StoredVariant]
    /// BlurHash (4 × 3 components).
    public var blurHash: String
    /// `data:image/jpeg;base64,…` of a ≤ 24 px image, for clients without a BlurHash decoder.
    public var placeholderDataURL: String
    public var descriptor: VisualDescriptor
    public var filter: String?

    public func variant(_ variant: MediaVariant) -> StoredVariant? {
        variants.first { $0.variant == variant }
    }
}
