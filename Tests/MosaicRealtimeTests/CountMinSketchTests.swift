import Testing
@testable import MosaicRealtime

@Suite struct CountMinSketchTests {
    /// A skewed stream: key k appears about 1000/k times (Zipf-like), 300 keys.
    private func skewedStream() -> [UInt64: UInt32] {
        var truth: [UInt64: UInt32] = [:]
        for k in 1...300 { truth[UInt64(k) &* 0x1234_5678_9ABC] = UInt32(1000 / k) + 1 }
        return truth
    }

    @Test func estimatesNeverUndercountAndStayCloseUnderConservativeUpdate() {
        var sketch = CountMinSketch(width: 256, depth: 4)
        let truth = skewedStream()
        // Interleave keys so conservative update sees a realistic order.
        var remaining = truth
        while !remaining.isEmpty {
            for (k, n) in remaining {
                sketch.add(k)
                remaining[k] = n == 1 ? nil : n - 1
            }
        }
        var totalError = 0
        for (k, n) in truth {
            let e = sketch.estimate(k)
            #expect(e >= n)
            totalError += Int(e - n)
        }
        let total = truth.values.reduce(0) { $0 + Int($1) }
        #expect(Int(sketch.total) == total)
        // The classic bound is e·N/width per key on average; conservative update does far better.
        let classicBound: Double = 2.718 * Double(total) / 256
        let meanError: Double = Double(totalError) / Double(truth.count)
        #expect(meanError < classicBound / 4)
        let absent: Double = Double(sketch.estimate(0xDEAD_BEEF))
        #expect(absent <= classicBound + 1)
    }

    @Test func sparseKeysAreExact() {
        var sketch = CountMinSketch(width: 4096, depth: 4)
        for i in 0..<20 { for _ in 0...i { sketch.add(UInt64(i) + 77) } }
        for i in 0..<20 { #expect(sketch.estimate(UInt64(i) + 77) == UInt32(i + 1)) }
        #expect(sketch.estimate(5) == 0)
    }

    @Test func mergeAddsCountersLaneByLaneAndSaturates() {
        var a = CountMinSketch(width: 64, depth: 3), b = CountMinSketch(width: 64, depth: 3)
        for k in 0..<500 as Range<UInt64> { a.add(k % 37, count: 3); b.add(k % 11, count: 2) }
        var m = a
        m.merge(b)
        #expect(m.counters == zip(a.counters, b.counters).map { $0 + $1 })
        #expect(m.total == a.total + b.total)
        for k in 0..<37 as Range<UInt64> { #expect(m.estimate(k) >= a.estimate(k)) }
        var big = CountMinSketch(width: 8, depth: 1)
        big.add(1, count: .max - 1)
        var other = big
        other.merge(big)
        #expect(other.estimate(1) == .max)
        #expect(big.add(1, count: 5) == .max)
    }

    @Test func resetClearsEverything() {
        var s = CountMinSketch(width: 16, depth: 2)
        s.add(3, count: 9)
        s.reset()
        #expect(s.estimate(3) == 0 && s.total == 0 && s.counters.allSatisfy { $0 == 0 })
    }

    @Test func heavyHitterHeapKeepsTheLargestCounts() {
        var heap = HeavyHitterHeap<Int>(capacity: 10)
        // 40 keys with count 10·key, offered in a scrambled order: exactly the 10 largest stay.
        var order = Array(0..<40)
        var x: UInt64 = 42
        for i in order.indices.reversed() {
            x = x &* 6_364_136_223_846_793_005 &+ 1
            order.swapAt(i, Int((x >> 33) % UInt64(i + 1)))
        }
        var evictions = 0
        for k in order {
            let r = heap.offer(k, count: UInt32(10 * k))
            if r.evicted != nil { evictions += 1 }
            #expect(r.admitted || heap.isFull)
        }
        #expect(heap.count == 10)
        #expect(Set(heap.keys) == Set(30..<40))
        #expect(heap.minimum?.key == 30 && heap.minimum?.count == 300)
        #expect(evictions > 0)
        // A member that grows stops being the minimum; a small newcomer is refused.
        _ = heap.offer(30, count: 1000)
        #expect(heap.minimum?.key == 31)
        #expect(heap.offer(5, count: 50).admitted == false)
        #expect(heap.offer(5, count: 311) == (true, 31))
        heap.remove(35)
        #expect(!heap.contains(35) && heap.count == 9)
        #expect(heap.minimum?.key == 5)
        heap.rebuild { $0 % 2 == 0 ? UInt32(100 - $0) : nil }
        #expect(Set(heap.keys) == [30, 32, 34, 36, 38])
        #expect(heap.minimum?.key == 38)
    }
}
