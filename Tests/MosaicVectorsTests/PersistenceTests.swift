import Testing
import MosaicVectors
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PersistenceTests {
    func temporaryPath(_ name: String) -> String {
        "/tmp/mosaic-vectors-test-\(getpid())-\(name)"
    }

    @Test func saveLoadRoundTripKeepsResultsAndDeletes() throws {
        let base = TestData.clustered(count: 3_000, dimension: 24)
        let index = HNSWIndex(dimension: 24, metric: .cosine, parameters: HNSWParameters(M: 10, efConstruction: 80))
        index.insert(ids: (0..<UInt64(3_000)).map { $0 * 11 }, vectors: base, threads: 1)
        index.remove(id: 11 * 5)
        let path = temporaryPath("roundtrip.hnsw")
        defer { unlink(path) }
        try index.save(to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == index.count)
        #expect(loaded.tombstoneCount == 1)
        #expect(loaded.metric == .cosine && loaded.parameters == index.parameters)
        let queries = TestData.queries(count: 30, dimension: 24)
        for q in 0..<queries.count {
            #expect(loaded.search(queries[q], k: 10, ef: 50) == index.search(queries[q], k: 10, ef: 50))
        }
        #expect(!loaded.contains(id: 55))
        // A loaded index keeps accepting writes.
        loaded.insert(id: 1, vector: base[0])
        #expect(loaded.search(base[0], k: 2).contains { $0.id == 1 })
    }

    @Test func corruptionIsDetectedAndOldFileSurvivesAFailedSave() throws {
        let base = TestData.clustered(count: 500, dimension: 8)
        let index = HNSWIndex(dimension: 8)
        index.insert(ids: (0..<UInt64(500)).map { $0 }, vectors: base)
        let path = temporaryPath("corrupt.hnsw")
        defer { unlink(path) }
        try index.save(to: path)

        // Flip one byte in the middle: the checksum catches it.
        let fd = open(path, O_RDWR)
        var byte: UInt8 = 0
        pread(fd, &byte, 1, 5_000)
        byte ^= 0xFF
        pwrite(fd, &byte, 1, 5_000)
        close(fd)
        #expect(throws: VectorIndexFileError.self) { try HNSWIndex.load(from: path) }

        // Truncation is caught too.
        try index.save(to: path)
        truncate(path, 4_000)
        #expect(throws: VectorIndexFileError.self) { try HNSWIndex.load(from: path) }

        // A save that cannot complete (directory missing) leaves the previous file untouched.
        try index.save(to: path)
        #expect(throws: VectorIndexFileError.self) { try index.save(to: "/nonexistent-dir-\(getpid())/x.hnsw") }
        #expect(try HNSWIndex.load(from: path).count == 500)
        #expect(throws: VectorIndexFileError.self) { try HNSWIndex.load(from: temporaryPath("missing")) }
    }

    @Test func vectorFilesRoundTrip() throws {
        let m = TestData.clustered(count: 37, dimension: 5)
        let f = temporaryPath("m.fvecs"), i = temporaryPath("m.ivecs")
        defer {
            unlink(f)
            unlink(i)
        }
        try VectorFiles.writeFvecs(m, to: f)
        #expect(try VectorFiles.readFvecs(f) == m)
        #expect(try VectorFiles.readFvecs(f, limit: 3) == m.rows(0..<3))
        let rows: [[Int32]] = [[1, 2, 3], [4, 5, -6]]
        try VectorFiles.writeIvecs(rows, to: i)
        #expect(try VectorFiles.readIvecs(i) == rows)
    }
}
