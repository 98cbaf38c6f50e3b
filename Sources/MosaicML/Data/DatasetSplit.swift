import Foundation

/// A train/test partition of a dataset's event log. Models see only `train`; metrics read `test`.
public struct DatasetSplit: Sendable {
    public var train: [Interaction]
    public var test: [Interaction]

    public init(train: [Interaction], test: [Interaction]) {
        self.train = train
        self.test = test
    }

    /// The live-service protocol: engagements (label ≥ `minimumLabel`) only, each user's last
    /// `testFraction` of them by time held out; users with fewer than two engagements stay in train.
    public static func chronological(_ data: InteractionDataset, minimumLabel: Float = 4,
                                     testFraction: Double = 0.2) -> DatasetSplit {
        var byUser = [[Interaction]](repeating: [], count: data.userCount)
        for e in data.positives(minimumLabel: minimumLabel) { byUser[Int(e.user)].append(e) }
        var train: [Interaction] = [], test: [Interaction] = []
        for var events in byUser {
            events.sort { ($0.timestamp, $0.item) < ($1.timestamp, $1.item) }
            let held = events.count < 2 ? 0 : max(1, Int((Double(events.count) * testFraction).rounded()))
            train += events[..<(events.count - held)]
            test += events[(events.count - held)...]
        }
        return DatasetSplit(train: train, test: test)
    }

    /// A stratified random split in the manner of Microsoft Recommenders' `python_stratified_split`: within
    /// each group (item or user) the rows are shuffled and the first `round(trainFraction·n)` go to train.
    /// (The Python peer script writes the bit-exact pandas version as a split file; this is the same
    /// protocol with Mosaic's own generator.)
    public static func stratified(_ data: InteractionDataset, trainFraction: Double = 0.75, byItem: Bool = true,
                                  seed: UInt64 = 42) -> DatasetSplit {
        var groups: [Int32: [Interaction]] = [:]
        for e in data.interactions { groups[byItem ? e.item : e.user, default: []].append(e) }
        var random = TrainingRandom(seed: seed)
        var train: [Interaction] = [], test: [Interaction] = []
        for key in groups.keys.sorted() {
            var rows = groups[key]!
            random.shuffle(&rows)
            let cut = Int((Double(rows.count) * trainFraction).rounded())
            train += rows[..<cut]
            test += rows[cut...]
        }
        return DatasetSplit(train: train, test: test)
    }

    /// An explicit split: events whose (user, item) pair is in `testPairs` are test, the rest train.
    /// Events below `minimumLabel` are dropped from both sides.
    public static func explicit(_ data: InteractionDataset, testPairs: Set<UserItemPair>,
                                minimumLabel: Float = -.infinity) -> DatasetSplit {
        var train: [Interaction] = [], test: [Interaction] = []
        for e in data.interactions where e.label >= minimumLabel {
            if testPairs.contains(UserItemPair(user: data.userIDs[Int(e.user)], item: data.itemIDs[Int(e.item)])) {
                test.append(e)
            } else {
                train.append(e)
            }
        }
        return DatasetSplit(train: train, test: test)
    }

    /// Items with no training interactions that appear in test: the cold items.
    public func coldItems(itemCount: Int) -> Set<Int32> {
        var seen = [Bool](repeating: false, count: itemCount)
        for e in train { seen[Int(e.item)] = true }
        return Set(test.map(\.item).filter { !seen[Int($0)] })
    }

    /// Writes `train.csv` and `test.csv` (user,item,rating,timestamp with external IDs) and `items.csv`
    /// (item,categories,title-tokens), the files the Python peers read.
    public func write(to directory: String, dataset: InteractionDataset) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func rows(_ events: [Interaction]) -> String {
            var s = "user,item,rating,timestamp\n"
            for e in events {
                s += "\(dataset.userIDs[Int(e.user)]),\(dataset.itemIDs[Int(e.item)]),\(e.label),\(e.timestamp)\n"
            }
            return s
        }
        let dir = directory as NSString
        try rows(train).write(toFile: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try rows(test).write(toFile: dir.appendingPathComponent("test.csv"), atomically: true, encoding: .utf8)
        var items = "item,categories,title\n"
        for (i, id) in dataset.itemIDs.enumerated() {
            items += "\(id),\(dataset.items[i].categories.joined(separator: "|")),\"\(dataset.items[i].tokens.joined(separator: " "))\"\n"
        }
        try items.write(toFile: dir.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
    }
}
