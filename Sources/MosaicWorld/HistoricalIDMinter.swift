import MosaicCore

/// Mints `MosaicID`s for things that happened in the past (generated posts, comments), deterministically.
///
/// `IDGenerator` reads the wall clock; a world's posts need IDs whose timestamp is the post's own time.
/// Calls must come in non-decreasing time order. Within one millisecond each shard counts its sequence up;
/// if a shard ever used all 1,024 sequences of a millisecond the ID moves to the next millisecond (and the
/// returned time says so), so IDs stay unique and time-ordered.
public struct HistoricalIDMinter: Sendable {
    private var currentMillis: UInt64 = 0
    private var used: [Int: UInt64] = [:]

    public init() {}

    /// An ID for `unixMillis` on `shard`, and the Unix milliseconds actually encoded (equal unless bumped).
    public mutating func mint(unixMillis: Int64, shard: Int) -> (id: MosaicID, unixMillis: Int64) {
        precondition(unixMillis >= Int64(MosaicID.epochMillis), "historical IDs start at MosaicID.epochMillis")
        var ms = max(UInt64(unixMillis) - MosaicID.epochMillis, currentMillis)
        if ms != currentMillis { currentMillis = ms; used.removeAll(keepingCapacity: true) }
        var sequence = used[shard, default: 0]
        if sequence > MosaicID.maxSequence {
            ms += 1; currentMillis = ms; used.removeAll(keepingCapacity: true); sequence = 0
        }
        used[shard] = sequence + 1
        return (MosaicID(millisSinceEpoch: ms, shard: shard, sequence: sequence), Int64(ms + MosaicID.epochMillis))
    }
}
