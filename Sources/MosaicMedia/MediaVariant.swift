/// The files stored for every upload. The 1080 square is smart-cropped (libvips' attention strategy keeps
/// the most salient region) and the smaller squares are that same crop resized; `full` keeps the original
/// aspect ratio at 1080 pixels wide.
///
/// | variant | file       | size                          |
/// |---------|------------|-------------------------------|
/// | full    | full.jpg   | 1080 × round(1080 · h / w)    |
/// | 1080    | 1080.jpg   | 1080 × 1080                   |
/// | 640     | 640.jpg    | 640 × 640                     |
/// | 320     | 320.jpg    | 320 × 320                     |
/// | 150     | 150.jpg    | 150 × 150                     |
public enum MediaVariant: String, Sendable, CaseIterable {
    case full = "full"
    case square1080 = "1080"
    case square640 = "640"
    case square320 = "320"
    case square150 = "150"

    public var name: String { rawValue }
    public var fileName: String { "\(rawValue).jpg" }

    /// Side of the square, or the width of `full`.
    public var size: Int {
        switch self {
        case .full, .square1080: 1080
        case .square640: 640
        case .square320: 320
        case .square150: 150
        }
    }

    public var isSquare: Bool { self != .full }
}

/// One variant as written to disk.
public struct StoredVariant: Sendable, Equatable {
    public var variant: MediaVariant
    public var path: String
    public var width: Int
    public var height: Int
    public var bytes: Int
}
