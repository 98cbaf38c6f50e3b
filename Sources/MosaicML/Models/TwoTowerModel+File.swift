/// Versioned model files. Loading builds a new immutable value; the server swaps it in atomically.
extension TwoTowerModel {
    public func save(to path: String) throws {
        try ModelFile.write(path, kind: Self.kind, version: Self.formatVersion) { w in
            w.string(version)
            w.strings(configuration.encoded.map(String.init))
            w.floats(configuration.encodedFloats)
            w.strings(userIDs); w.strings(itemIDs); w.strings(categories)
            w.int(contentDimension); w.int(creatorFeatureCount); w.int(Int(referenceTime))
            w.int(itemCategories.count)
            for c in itemCategories { w.floats(c.map(Float.init)) }
            for t in [userIDTable, historyTable, userTokenTable, itemIDTable, tokenTable, creatorTable] { w.table(t) }
            w.network(userNetwork); w.network(itemNetwork)
        }
    }

    public static func load(from path: String) throws -> TwoTowerModel {
        try ModelFile.read(path, kind: kind) { r, formatVersion in
            guard formatVersion == 1 else { throw ModelFile.FormatError.unsupportedVersion(kind: kind, version: formatVersion) }
            let version = try r.string()
            let ints = try r.strings().compactMap { Int($0) }
            guard ints.count >= 16 else { throw ModelFile.FormatError.truncated }
            let config = TwoTowerConfiguration(encoded: ints, floats: try r.floats())
            let users = try r.strings(), items = try r.strings(), categories = try r.strings()
            let content = try r.int(), creator = try r.int(), reference = Int64(try r.int())
            let n = try r.int()
            var itemCategories: [[Int]] = []
            for _ in 0..<n { itemCategories.append(try r.floats().map { Int($0) }) }
            let tables = try (0..<6).map { _ in try r.table() }
            let userNet = try r.network(), itemNet = try r.network()
            return TwoTowerModel(configuration: config, version: version, userIDs: users, itemIDs: items,
                                 categories: categories, contentDimension: content, creatorFeatureCount: creator,
                                 referenceTime: reference, itemCategories: itemCategories, tables: tables,
                                 userNetwork: userNet, itemNetwork: itemNet)
        }
    }
}
