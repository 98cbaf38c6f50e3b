import Synchronization

extension HNSWIndex {
    /// Adds `vector` under `id` with its `attributes` in place before any other node links to it, so no search
    /// sees the node without them.
    public func insert(id: UInt64, vector: UnsafePointer<Float>, attributes: NodeAttributes) {
        while true {
            let inserted = structure.withReadLock { insertLocked(id: id, vector: vector, attributes: attributes) }
            if inserted { return }
            structure.withWriteLock { grow(toAtLeast: slotCount.load(ordering: .relaxed) + 1) }
        }
    }

    public func insert(id: UInt64, vector: [Float], attributes: NodeAttributes) {
        precondition(vector.count == dimension, "HNSW: vector has \(vector.count) values, index has \(dimension)")
        vector.withUnsafeBufferPointer { insert(id: id, vector: $0.baseAddress!, attributes: attributes) }
    }

    /// Replaces the attributes of `id`'s node; searches running meanwhile see the old words or the new ones
    /// (each word is one atomic store). Returns false when `id` is not in the index.
    @discardableResult
    public func setAttributes(_ attributes: NodeAttributes, for id: UInt64) -> Bool {
        structure.withReadLock {
            guard let slot = registry.withLock({ $0.idToSlot[id] }) else { return false }
            Self.writeAttributes(attributes, to: attributeWords(Int(slot)))
            return true
        }
    }

    /// The attributes of `id`'s node, or nil when `id` is not in the index.
    public func attributes(for id: UInt64) -> NodeAttributes? {
        structure.withReadLock {
            guard let slot = registry.withLock({ $0.idToSlot[id] }) else { return nil }
            return loadAttributes(Int(slot))
        }
    }

    @inline(__always)
    func loadAttributes(_ slot: Int) -> NodeAttributes { Self.readAttributes(attributeWords(slot)) }

    /// The two attribute words at `words` (in a node's tag), one atomic word each: a search running beside a
    /// change sees each word old or new.
    @inline(__always)
    static func readAttributes(_ words: UnsafeMutablePointer<Atomic<UInt64>>) -> NodeAttributes {
        NodeAttributes(first: words[0].load(ordering: .relaxed), second: words[1].load(ordering: .relaxed))
    }

    @inline(__always)
    static func writeAttributes(_ attributes: NodeAttributes, to words: UnsafeMutablePointer<Atomic<UInt64>>) {
        words[0].store(attributes.first, ordering: .relaxed)
        words[1].store(attributes.second, ordering: .relaxed)
    }
}
