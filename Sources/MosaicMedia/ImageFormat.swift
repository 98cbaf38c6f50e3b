/// An upload's container format, decided from its leading bytes (never from the file name or the
/// client's declared content type, both of which are attacker-controlled).
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, heic, avif

    /// Bytes needed by `sniff`.
    public static let sniffLength = 32

    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        func matches(_ offset: Int, _ ascii: String) -> Bool {
            let expected = Array(ascii.utf8)
            guard bytes.count >= offset + expected.count else { return false }
            return Array(bytes[offset..<(offset + expected.count)]) == expected
        }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return .png
        }
        if matches(0, "RIFF"), matches(8, "WEBP") { return .webp }
        if matches(4, "ftyp"), bytes.count >= 12 {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            switch brand {
            case "avif", "avis": return .avif
            case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1": return .heic
            default: return nil
            }
        }
        return nil
    }

    /// Whether the libvips in this process has a loader for the format (HEIF/AVIF support is optional
    /// in libvips builds; Debian's links libheif).
    public var isDecodable: Bool {
        switch self {
        case .jpeg, .png, .webp: true
        case .heic, .avif: VipsRuntime.hasOperation("heifload")
        }
    }
}
