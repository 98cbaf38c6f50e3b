import Foundation
import Testing
@testable import MosaicML

struct TwoTowerTests {
    static func smallConfiguration() -> TwoTowerConfiguration {
        var c = TwoTowerConfiguration()
        c.outputDimension = 16; c.hiddenDimension = 32; c.historyDimension = 16; c.tokenBuckets = 256
        c.tokenDimension = 8; c.userTokenBuckets = 64; c.creatorBuckets = 64; c.sampledNegatives = 32
        c.batchSize = 64; c.epochs = 6; c.learningRate = 5e-3
        return c
    }

    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "mosaic-ml-\(UUID().uuidString)-\(name)"
    }

    @Test func trainingIsDeterministicForASeed() {
        let data = SyntheticWorld.make(users: 40, items: 60, perUser: 8, seed: 9)
        let trainer = TwoTowerTrainer(configuration: Self.smallConfiguration())
        let a = trainer.train(data: data, positives: data.interactions).model
        let b = trainer.train(data: data, positives: data.interactions).model
        let index = EngagementIndex(positives: data.interactions, userCount: data.userCount, itemCount: data.itemCount)
        #expect(a.catalogueVectors(data: data, index: index) == b.catalogueVectors(data: data, index: index))
        var other = Self.smallConfiguration()
        other.seed = 43
        let c = TwoTowerTrainer(configuration: other).train(data: data, positives: data.interactions).model
        #expect(a.catalogueVectors(data: data, index: index) != c.catalogueVectors(data: data, index: index))
    }

    @Test func savedAndLoadedModelScoresIdentically() throws {
        let data = SyntheticWorld.make(users: 20, items: 30, perUser: 6, seed: 4)
        var c = Self.smallConfiguration()
        c.epochs = 1
        c.userIDDropout = 0.3
        let model = TwoTowerTrainer(configuration: c).train(data: data, positives: data.interactions, version: "v7").model
        let path = Self.temporaryPath("two-tower.model")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try TwoTowerModel.load(from: path)
        #expect(loaded.version == "v7")
        #expect(loaded.configuration == model.configuration)
        let index = EngagementIndex(positives: data.interactions, userCount: data.userCount, itemCount: data.itemCount)
        #expect(loaded.catalogueVectors(data: data, index: index) == model.catalogueVectors(data: data, index: index))
        let users = (0..<data.userCount).map { index.userInput($0, data: data) }
        #expect(loaded.userVectors(users) == model.userVectors(users))
        #expect(throws: ModelFile.FormatError.self) { try LightRanker.load(from: path) }
    }

    /// Held-out engagements in a planted-preference world: the towers must find each user's group.
    @Test func beatsPopularityOnHeldOutEngagements() {
        let data = SyntheticWorld.make(users: 120, items: 80, perUser: 12, seed: 21)
        let split = DatasetSplit.chronological(data, minimumLabel: 1, testFraction: 0.25)
        let model = TwoTowerTrainer(configuration: Self.smallConfiguration()).train(data: data, positives: split.train).model
        let index = EngagementIndex(positives: split.train, userCount: data.userCount, itemCount: data.itemCount)
        var relevant: [Int: Set<Int>] = [:]
        for e in split.test { relevant[Int(e.user), default: []].insert(Int(e.item)) }
        let lists = model.recommend(users: Array(relevant.keys), data: data, index: index, k: 10).mapValues { $0.map(\.item) }
        let popularity = PopularityRecommender(positives: split.train, itemCount: data.itemCount)
        let popLists = Dictionary(uniqueKeysWithValues: relevant.keys.map {
            ($0, popularity.recommend(k: 10, excluding: Set(index.histories[$0])))
        })
        let tower = RankingMetrics.evaluate(lists: lists, relevant: relevant, itemCategories: data.itemCategories,
                                            catalogueSize: data.itemCount)
        let pop = RankingMetrics.evaluate(lists: popLists, relevant: relevant, itemCategories: data.itemCategories,
                                          catalogueSize: data.itemCount)
        #expect(tower.recallAt10 > pop.recallAt10 * 1.3, "two-tower \(tower.recallAt10) vs popularity \(pop.recallAt10)")
    }

    /// A planted world of 80 users and 60 items, and a small model trained on all of it with `adjust` applied.
    static func trainedOnSmallWorld(seed: UInt64, _ adjust: (inout TwoTowerConfiguration) -> Void)
        -> (InteractionDataset, TwoTowerModel, EngagementIndex, TwoTowerConfiguration) {
        let data = SyntheticWorld.make(users: 80, items: 60, perUser: 10, seed: seed)
        var c = smallConfiguration()
        adjust(&c)
        let model = TwoTowerTrainer(configuration: c).train(data: data, positives: data.interactions).model
        return (data, model, EngagementIndex(positives: data.interactions, userCount: data.userCount, itemCount: data.itemCount), c)
    }

    /// A post nobody engaged with is placed by its content: near the items of its own group.
    @Test func coldItemGetsAContentVector() {
        let (data, model, index, c) = Self.trainedOnSmallWorld(seed: 5) { $0.itemIDDropout = 0.5 }
        let fresh = ItemTowerInput(index: nil, features: ItemFeatures(categories: ["c1"], tokens: ["topic1"], content: [0, 1],
                                                                      creator: "new", createdAt: 0))
        let v = model.itemVector(fresh)
        #expect(v.count == c.outputDimension && v.contains { $0 != 0 })
        // Users of group 1 score the fresh group-1 post above users of group 0 do.
        func group(_ user: Int) -> Int { Int(data.userIDs[user].dropFirst())! % 4 }
        let group1 = (0..<data.userCount).filter { group($0) == 1 }
        let group0 = (0..<data.userCount).filter { group($0) == 0 }
        func meanScore(_ users: [Int]) -> Float {
            let u = model.userVectors(users.map { index.userInput($0, data: data) })
            var total: Float = 0
            for r in 0..<u.rows {
                for k in 0..<u.columns { total += u[r, k] * v[k] }
            }
            return total / Float(u.rows)
        }
        #expect(meanScore(group1) > meanScore(group0))
    }

    /// A user the model has never seen (no ID row, no side features), known only by three likes, is placed
    /// near their likes' group: what the server does for someone who signed up after training.
    @Test func newUserIsPlacedByTheirFirstLikes() {
        let (data, model, index, _) = Self.trainedOnSmallWorld(seed: 12) { $0.userIDDropout = 0.5 }
        let items = model.catalogueVectors(data: data, index: index)
        func group(_ item: Int) -> Int { Int(data.itemIDs[item].dropFirst())! % 4 }
        var inGroup = 0, shown = 0
        for g in 0..<4 {
            let members = (0..<data.itemCount).filter { group($0) == g }
            for start in stride(from: 0, to: 12, by: 3) {
                let likes = Array(members[start..<(start + 3)])
                let u = model.userVector(UserTowerInput(index: nil, history: likes, session: likes))
                let scores = (0..<items.rows).map { r in (0..<items.columns).reduce(Float(0)) { $0 + items[r, $1] * u[$1] } }
                let top = (0..<items.rows).filter { !likes.contains($0) }.sorted { scores[$0] > scores[$1] }.prefix(10)
                inGroup += top.filter { group($0) == g }.count
                shown += top.count
            }
        }
        #expect(Double(inGroup) / Double(shown) > 0.6, "\(inGroup) of \(shown) in the likes' group (chance: 1 in 4)")
    }

    @Test func sessionDeltaMovesTheQuery() {
        let data = SyntheticWorld.make(users: 20, items: 40, perUser: 6, seed: 8)
        var c = Self.smallConfiguration()
        c.epochs = 2
        let model = TwoTowerTrainer(configuration: c).train(data: data, positives: data.interactions).model
        let user = UserTowerInput(index: 0, history: [0, 1, 2], session: [5, 9, 13], features: data.users[0], hour: 20)
        var base = user
        base.session = []
        let delta = model.sessionDelta(user)
        let q = TwoTowerModel.queryVector(base: model.userVector(base), delta: delta)
        #expect(abs(q.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        #expect(delta.contains { abs($0) > 1e-6 })
        let none = TwoTowerModel.queryVector(base: model.userVector(base), delta: delta, weight: 0)
        #expect(zip(none, model.userVector(base)).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}

struct RankerTests {
    /// Labels from a known logistic rule; the ranker must recover its ranking and survive save/load.
    static func plantedRows(_ n: Int, features: Int, seed: UInt64) -> (Matrix, [Float], [Float]) {
        var r = TrainingRandom(seed: seed)
        var rows = Matrix(rows: n, columns: features)
        var truth = [Float](repeating: 0, count: features)
        for i in 0..<min(5, features) { truth[i] = Float(i + 1) * (i % 2 == 0 ? 1 : -1) }
        var labels = [Float](), logits = [Float]()
        for i in 0..<n {
            var z: Float = -0.5
            for f in 0..<features {
                // Feature 3 is on a ×10 scale: the scaler must take care of it.
                let scale: Float = f == 3 ? 10 : 1
                let v = r.gaussian() * scale
                rows[i, f] = v
                z += truth[f] * v / scale
            }
            logits.append(z)
            labels.append(r.unit() < Activation.sigmoid(z) ? 1 : 0)
        }
        return (rows, labels, logits)
    }

    static func auc(_ scores: [Float], _ labels: [Float]) -> Double {
        let pos = zip(scores, labels).filter { $1 == 1 }.map(\.0), neg = zip(scores, labels).filter { $1 == 0 }.map(\.0)
        var wins = 0.0
        for p in pos { for q in neg { wins += p > q ? 1 : (p == q ? 0.5 : 0) } }
        return wins / Double(max(pos.count * neg.count, 1))
    }

    @Test func lightRankerLearnsAndRoundTrips() throws {
        let (rows, labels, logits) = Self.plantedRows(3000, features: 50, seed: 1)
        let names = (0..<50).map { "f\($0)" }
        var settings = RankerTraining()
        settings.epochs = 30
        let ranker = LightRanker.train(rows: rows, labels: labels, featureNames: names, settings: settings)
        let (testRows, testLabels, testLogits) = Self.plantedRows(1000, features: 50, seed: 2)
        let p = ranker.probabilities(testRows)
        let oracle = Self.auc(testLogits, testLabels)
        #expect(Self.auc(p, testLabels) > oracle - 0.03, "AUC \(Self.auc(p, testLabels)) vs oracle \(oracle)")
        _ = logits
        let path = TwoTowerTests.temporaryPath("light.model")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ranker.save(to: path)
        let loaded = try LightRanker.load(from: path)
        #expect(loaded == ranker)
        #expect(loaded.probabilities(testRows) == p)
        let one = testRows.row(7).withUnsafeBufferPointer { loaded.probability($0) }
        #expect(abs(one - p[7]) < 1e-6)
    }

    @Test func multiTaskRankerLearnsHeadsWithMissingLabels() throws {
        let (rows, like, _) = Self.plantedRows(3000, features: 20, seed: 3)
        // Second task: the opposite rule ("hide"); half its labels are missing.
        var labels = Matrix(rows: rows.rows, columns: 2)
        for r in 0..<rows.rows {
            labels[r, 0] = like[r]
            labels[r, 1] = r % 2 == 0 ? Float.nan : 1 - like[r]
        }
        let tasks = MultiTaskRanker.Tasks(names: ["like", "hide"], weights: [1, -10])
        var settings = RankerTraining()
        settings.epochs = 6
        let model = MultiTaskRanker.train(rows: rows, labels: labels, featureNames: (0..<20).map { "f\($0)" },
                                          tasks: tasks, settings: settings)
        let (testRows, testLike, _) = Self.plantedRows(1000, features: 20, seed: 4)
        let p = model.probabilities(testRows)
        let likeP = (0..<p.rows).map { p[$0, 0] }, hideP = (0..<p.rows).map { p[$0, 1] }
        #expect(Self.auc(likeP, testLike) > 0.8)
        #expect(Self.auc(hideP, testLike.map { 1 - $0 }) > 0.8)
        let values = model.values(testRows)
        #expect(abs(values[0] - (likeP[0] - 10 * hideP[0])) < 1e-5)
        let path = TwoTowerTests.temporaryPath("mtl.model")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try MultiTaskRanker.load(from: path)
        #expect(loaded == model)
        #expect(loaded.values(testRows) == values)
        #expect(loaded.withValueWeights([1, 0]).values(testRows) == likeP)
    }

    /// A task never observed in training (Explore's follow: its log has no follow labels) predicts 0, so its
    /// value weight adds nothing; left random, 5 · P(follow) swamped the trained heads.
    @Test func multiTaskRankerIgnoresATaskWithNoLabels() {
        let (rows, like, _) = Self.plantedRows(2000, features: 20, seed: 5)
        var labels = Matrix(rows: rows.rows, columns: 2)
        for r in 0..<rows.rows { labels[r, 0] = like[r]; labels[r, 1] = .nan }
        var settings = RankerTraining()
        settings.epochs = 3
        let model = MultiTaskRanker.train(rows: rows, labels: labels, featureNames: (0..<20).map { "f\($0)" },
                                          tasks: MultiTaskRanker.Tasks(names: ["like", "follow"], weights: [1, 5]),
                                          settings: settings)
        let (testRows, testLike, _) = Self.plantedRows(500, features: 20, seed: 6)
        let p = model.probabilities(testRows)
        #expect((0..<p.rows).allSatisfy { p[$0, 1] < 1e-6 })
        let values = model.values(testRows)
        #expect((0..<p.rows).allSatisfy { abs(values[$0] - p[$0, 0]) < 1e-5 })
        #expect(Self.auc(values, testLike) > 0.8)
    }

    /// A feature constant in training scales to 0: a different value at serving time cannot move the score
    /// through weights that never learnt anything.
    @Test func featureConstantInTrainingIsIgnoredAtServing() {
        var (rows, like, _) = Self.plantedRows(2000, features: 8, seed: 7)
        for r in 0..<rows.rows { rows[r, 7] = 0 }
        let scaler = FeatureScaler(fitting: rows)
        #expect(scaler.inverseStd[7] == 0 && scaler.inverseStd[0] > 0)
        var labels = Matrix(rows: rows.rows, columns: 1)
        for r in 0..<rows.rows { labels[r, 0] = like[r] }
        var settings = RankerTraining()
        settings.epochs = 2
        let names = (0..<8).map { "f\($0)" }
        let heavy = MultiTaskRanker.train(rows: rows, labels: labels, featureNames: names,
                                          tasks: MultiTaskRanker.Tasks(names: ["like"], weights: [1]), settings: settings)
        let light = LightRanker.train(rows: rows, labels: like, featureNames: names, settings: settings)
        var test = Matrix(rows: 50, columns: 8), shifted = test
        for r in 0..<50 {
            for c in 0..<7 { test[r, c] = rows[r, c]; shifted[r, c] = rows[r, c] }
            shifted[r, 7] = 1
        }
        #expect(heavy.values(test) == heavy.values(shifted))
        #expect(light.probabilities(test) == light.probabilities(shifted))
    }
}
