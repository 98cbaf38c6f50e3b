/// A 64-bit, time-sortable identifier in Instagram's layout:
/// 41 bits of milliseconds since `MosaicID.epoch`, 13 bits of logical shard, 10 bits of sequence.
///
/// The shard of everything a user owns is the user's own shard, so an ID alone says where its row lives.
/// IDs sort by creation time (to the millisecond), which is what keyset pagination relies on.
public struct MosaicID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    /// 2024-01-01T00:00:00Z in Unix milliseconds. 41 bits of milliseconds last ~69 years from here.
    public static let epochMillis: UInt64 = 1_704_067_200_000
    public static let shardBits: UInt64 = 13
    public static let sequenceBits: UInt64 = 10
    public static let shardCount = 1 << 13
    public static let maxSequence: UInt64 = (1 << 10) - 1
    public static let maxTimestamp: UInt64 = (1 << 41) - 1

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(millisSinceEpoch: UInt64, shard: Int, sequence: UInt64) {
        precondition(millisSinceEpoch <= Self.maxTimestamp && shard >= 0 && shard < Self.shardCount
                     && sequence <= Self.maxSequence)
        rawValue = millisSinceEpoch << (Self.shardBits + Self.sequenceBits)
            | UInt64(shard) << Self.sequenceBits | sequence
    }

    /// Milliseconds since `epochMillis`.
    public var millisSinceEpoch: UInt64 { rawValue >> (Self.shardBits + Self.sequenceBits) }
    /// Unix time in milliseconds at which the ID was minted.
    public var unixMillis: UInt64 { millisSinceEpoch + Self.epochMillis }
    public var shard: Int { Int((rawValue >> Self.sequenceBits) & UInt64(Self.shardCount - 1)) }
    public var sequence: UInt64 { rawValue & Self.maxSequence }

    /// The smallest ID that could be minted at `unixMillis`: a lower bound for "created since" range scans.
    public static func lowerBound(unixMillis: UInt64) -> MosaicID {
        let ms = unixMillis > epochMillis ? unixMillis - epochMillis : 0
        return MosaicID(rawValue: min(ms, maxTimestamp) << (shardBits + sequenceBits))
    }

    public static func < (a: MosaicID, b: MosaicID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { String(rawValue) }

    /// Parses the decimal string form used in JSON and URLs; nil for anything else.
    public init?(_ text: some StringProtocol) {
        guard !text.isEmpty, text.count <= 20, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let v = UInt64(text), v > 0 else { return nil }
        rawValue = v
    }

    /// SQLite and PostgreSQL store signed 64-bit integers; IDs fit because the top bit stays clear until 2093.
    public var int64: Int64 { Int64(bitPattern: rawValue) }
    public init(int64: Int64) { rawValue = UInt64(bitPattern: int64) }
}

/// JSON carries IDs as decimal strings because JavaScript numbers hold only 53 bits.
extension MosaicID: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let id = MosaicID(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a decimal ID string")
        }
        self = id
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
