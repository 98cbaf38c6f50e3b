/// Order statistics without a full sort.
public enum Selection {
    /// Rearranges `v` so that `v[rank]` holds the value an ascending sort would put there, with nothing larger
    /// before it and nothing smaller after (Hoare's quickselect with a median-of-three pivot): a median, or the
    /// cut of a top-k, in linear expected time. `@inlinable` so each caller gets it specialised for its element type.
    @inlinable
    public static func partition<T: Comparable>(_ rank: Int, in v: UnsafeMutableBufferPointer<T>) {
        precondition(v.indices.contains(rank))
        var lo = 0, hi = v.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return }
        }
    }
}
