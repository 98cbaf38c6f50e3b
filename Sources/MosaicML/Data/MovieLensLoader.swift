import Foundation

/// Reads MovieLens in its native formats: 100K (`u.data`, `u.item`, `u.user`), 1M (`ratings.dat`,
/// `movies.dat`, `users.dat`) and RecBole's atomic files (`ml-100k.inter/.item/.user`). Every rating
/// becomes a `.rating` event labelled with its stars; genres are categories, title words are tokens,
/// the release year is the item's creation time, and age, gender, occupation and zip region are user
/// attributes.
public enum MovieLensLoader {
    public enum LoadError: Error, CustomStringConvertible {
        case notFound(String)
        case malformed(file: String, line: Int)
        public var description: String {
            switch self {
            case .notFound(let p): return "no MovieLens files found in \(p)"
            case .malformed(let f, let l): return "malformed line \(l) in \(f)"
            }
        }
    }

    /// Detects the format from the files present in `directory`.
    public static func load(directory: String) throws -> InteractionDataset {
        let fm = FileManager.default
        func exists(_ name: String) -> Bool { fm.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) }
        if exists("u.data") { return try load100K(directory: directory) }
        if exists("ratings.dat") { return try load1M(directory: directory) }
        if let inter = try? fm.contentsOfDirectory(atPath: directory).first(where: { $0.hasSuffix(".inter") }) {
            return try loadAtomic(directory: directory, stem: String(inter.dropLast(6)))
        }
        throw LoadError.notFound(directory)
    }

    static let genres100K = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                             "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                             "Romance", "Sci-Fi", "Thriller", "War", "Western"]

    public static func load100K(directory: String) throws -> InteractionDataset {
        let dir = directory as NSString
        var events: [RawEvent] = []
        try forEachLine(dir.appendingPathComponent("u.data")) { line, n in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 4, let r = Float(f[2]), let t = Int64(f[3]) else {
                throw LoadError.malformed(file: "u.data", line: n)
            }
            events.append(RawEvent(user: String(f[0]), item: String(f[1]), timestamp: t, kind: .rating, label: r))
        }
        var items: [String: ItemFeatures] = [:]
        let itemPath = dir.appendingPathComponent("u.item")
        if FileManager.default.fileExists(atPath: itemPath) {
            try forEachLine(itemPath, encoding: .isoLatin1) { line, _ in
                let f = line.split(separator: "|", omittingEmptySubsequences: false)
                guard f.count >= 5 + genres100K.count else { return }
                let flags = f[5...]
                let cats = zip(genres100K, flags).compactMap { $1 == "1" ? $0 : nil }
                let (tokens, year) = titleTokens(String(f[1]))
                let dateYear = f[2].split(separator: "-").last.flatMap { Int($0) }
                items[String(f[0])] = ItemFeatures(categories: cats, tokens: tokens,
                                                   createdAt: (dateYear ?? year).map(startOfYear))
            }
        }
        var users: [String: UserFeatures] = [:]
        let userPath = dir.appendingPathComponent("u.user")
        if FileManager.default.fileExists(atPath: userPath) {
            try forEachLine(userPath) { line, _ in
                let f = line.split(separator: "|", omittingEmptySubsequences: false)
                guard f.count >= 5 else { return }
                users[String(f[0])] = userFeatures(age: Int(f[1]), gender: String(f[2]), occupation: String(f[3]),
                                                   zip: String(f[4]))
            }
        }
        return InteractionDataset(events: events, items: items, users: users)
    }

    public static func load1M(directory: String) throws -> InteractionDataset {
        let dir = directory as NSString
        var events: [RawEvent] = []
        try forEachLine(dir.appendingPathComponent("ratings.dat")) { line, n in
            let f = line.components(separatedBy: "::")
            guard f.count >= 4, let r = Float(f[2]), let t = Int64(f[3]) else {
                throw LoadError.malformed(file: "ratings.dat", line: n)
            }
            events.append(RawEvent(user: f[0], item: f[1], timestamp: t, kind: .rating, label: r))
        }
        var items: [String: ItemFeatures] = [:]
        let moviePath = dir.appendingPathComponent("movies.dat")
        if FileManager.default.fileExists(atPath: moviePath) {
            try forEachLine(moviePath, encoding: .isoLatin1) { line, _ in
                let f = line.components(separatedBy: "::")
                guard f.count >= 3 else { return }
                let (tokens, year) = titleTokens(f[1])
                items[f[0]] = ItemFeatures(categories: f[2].split(separator: "|").map(String.init), tokens: tokens,
                                           createdAt: year.map(startOfYear))
            }
        }
        var users: [String: UserFeatures] = [:]
        let userPath = dir.appendingPathComponent("users.dat")
        if FileManager.default.fileExists(atPath: userPath) {
            try forEachLine(userPath) { line, _ in
                let f = line.components(separatedBy: "::")
                guard f.count >= 5 else { return }
                users[f[0]] = userFeatures(age: Int(f[2]), gender: f[1], occupation: f[3], zip: f[4])
            }
        }
        return InteractionDataset(events: events, items: items, users: users)
    }

    /// RecBole atomic files: tab-separated with a typed header (`user_id:token item_id:token rating:float …`).
    public static func loadAtomic(directory: String, stem: String) throws -> InteractionDataset {
        let dir = directory as NSString
        var events: [RawEvent] = []
        var columns: [String: Int] = [:]
        try forEachLine(dir.appendingPathComponent("\(stem).inter")) { line, n in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if n == 1 { columns = headerIndex(f); return }
            guard let u = columns["user_id"], let i = columns["item_id"], f.count > max(u, i) else {
                throw LoadError.malformed(file: "\(stem).inter", line: n)
            }
            let r = columns["rating"].flatMap { Float(f[$0]) } ?? 1
            let t = columns["timestamp"].flatMap { Double(f[$0]) }.map { Int64($0) } ?? Int64(n)
            events.append(RawEvent(user: f[u], item: f[i], timestamp: t, kind: .rating, label: r))
        }
        var items: [String: ItemFeatures] = [:]
        let itemPath = dir.appendingPathComponent("\(stem).item")
        if FileManager.default.fileExists(atPath: itemPath) {
            var h: [String: Int] = [:]
            try forEachLine(itemPath) { line, n in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if n == 1 { h = headerIndex(f); return }
                guard let id = h["item_id"], f.count > id else { return }
                let title = h["movie_title"].map { f[$0] } ?? ""
                let year = h["release_year"].flatMap { Int(f[$0]) }
                let cats = (h["class"] ?? h["genre"]).map { f[$0].split(separator: " ").map(String.init) } ?? []
                items[f[id]] = ItemFeatures(categories: cats, tokens: titleTokens(title).tokens,
                                            createdAt: year.map(startOfYear))
            }
        }
        var users: [String: UserFeatures] = [:]
        let userPath = dir.appendingPathComponent("\(stem).user")
        if FileManager.default.fileExists(atPath: userPath) {
            var h: [String: Int] = [:]
            try forEachLine(userPath) { line, n in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if n == 1 { h = headerIndex(f); return }
                guard let id = h["user_id"], f.count > id else { return }
                users[f[id]] = userFeatures(age: h["age"].flatMap { Int(f[$0]) }, gender: h["gender"].map { f[$0] },
                                            occupation: h["occupation"].map { f[$0] }, zip: h["zip_code"].map { f[$0] })
            }
        }
        return InteractionDataset(events: events, items: items, users: users)
    }

    // MARK: - Field parsing

    static func headerIndex(_ fields: [String]) -> [String: Int] {
        var h: [String: Int] = [:]
        for (i, f) in fields.enumerated() { h[String(f.split(separator: ":").first ?? "")] = i }
        return h
    }

    /// Lower-cased title words; a trailing "(1995)" is taken as the year.
    static func titleTokens(_ title: String) -> (tokens: [String], year: Int?) {
        var year: Int?
        if let open = title.lastIndex(of: "("), let y = Int(title[title.index(after: open)...].prefix(4)) { year = y }
        let words = title.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return (words.filter { $0.count > 1 && Int($0) == nil }, year)
    }

    static func startOfYear(_ year: Int) -> Int64 { Int64((Double(year) - 1970) * 365.2425 * 86400) }

    static func userFeatures(age: Int?, gender: String?, occupation: String?, zip: String?) -> UserFeatures {
        var attributes: [String] = []
        if let age { attributes.append("age:\(min(age / 10, 6))") }
        if let gender { attributes.append("gender:\(gender)") }
        if let occupation { attributes.append("occupation:\(occupation)") }
        // The first zip digit is a coarse US region.
        return UserFeatures(region: zip?.first.map { String($0) }, device: nil, attributes: attributes)
    }

    static func forEachLine(_ path: String, encoding: String.Encoding = .utf8,
                            _ body: (Substring, Int) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.notFound(path) }
        let text = String(data: data, encoding: encoding) ?? String(decoding: data, as: UTF8.self)
        var n = 0
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            n += 1
            try body(line, n)
        }
    }
}
