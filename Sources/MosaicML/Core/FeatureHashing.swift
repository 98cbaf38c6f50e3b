/// Stable feature hashing (FNV-1a, 64-bit) of string tokens into embedding buckets. Swift's `Hasher` is
/// seeded per process, so it cannot be used for anything that is saved; this can.
public enum FeatureHashing {
    public static func bucket(_ token: String, salt: UInt64 = 0, buckets: Int) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
        for b in token.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01B3
        }
        h ^= h >> 29
        return Int(h % UInt64(buckets))
    }
}
