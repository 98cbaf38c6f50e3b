import Foundation

/// The heavy ranking stage: a shared bottom MLP learns one representation of (user, candidate) and a
/// sigmoid head per task predicts each action. Ranking uses the *value* Σ weightₜ·P(taskₜ): the seed's
/// 1·like + 2·comment + 3·save + 3·share + 5·follow − 10·hide by default, configurable per surface
/// (the home feed adds a dwell head). Immutable and `Sendable`.
public struct MultiTaskRanker: Sendable, Equatable {
    public static let kind = "multi-task-ranker"
    public static let formatVersion: UInt32 = 1

    /// Task names and value weights, in head order.
    public struct Tasks: Sendable, Equatable {
        public var names: [String]
        public var weights: [Float]
        public init(names: [String], weights: [Float]) {
            precondition(names.count == weights.count && !names.isEmpty)
            self.names = names
            self.weights = weights
        }
        /// Explore's heads and the seed's value weights.
        public static let explore = Tasks(names: ["like", "comment", "save", "share", "follow", "hide"],
                                          weights: [1, 2, 3, 3, 5, -10])
        /// The home feed's heads: Explore's plus "long dwell".
        public static let feed = Tasks(names: ["like", "comment", "save", "share", "follow", "hide", "dwell"],
                                       weights: [1, 2, 3, 3, 5, -10, 1])
    }

    public let version: String
    public let featureNames: [String]
    public let scaler: FeatureScaler
    public let bottom: FeedForwardNetwork
    /// One 1-output layer per task, each reading the bottom's output.
    public let heads: [DenseLayer]
    public let tasks: Tasks

    public init(version: String, featureNames: [String], scaler: FeatureScaler, bottom: FeedForwardNetwork,
                heads: [DenseLayer], tasks: Tasks) {
        precondition(heads.count == tasks.names.count)
        self.version = version
        self.featureNames = featureNames
        self.scaler = scaler
        self.bottom = bottom
        self.heads = heads
        self.tasks = tasks
    }

    /// A copy that ranks with different value weights (same heads).
    public func withValueWeights(_ weights: [Float]) -> MultiTaskRanker {
        MultiTaskRanker(version: version, featureNames: featureNames, scaler: scaler, bottom: bottom, heads: heads,
                        tasks: Tasks(names: tasks.names, weights: weights))
    }

    /// P(task) per candidate: `rows × tasks`.
    public func probabilities(_ rows: Matrix) -> Matrix {
        let h = bottom.forward(scaler.transform(rows))
        var out = Matrix(rows: rows.rows, columns: heads.count)
        for (t, head) in heads.enumerated() {
            let z = head.forward(h)
            for r in 0..<rows.rows { out[r, t] = Activation.sigmoid(z.values[r]) }
        }
        return out
    }

    /// Σ weightₜ · P(taskₜ) per candidate.
    public func values(_ rows: Matrix) -> [Float] {
        let p = probabilities(rows)
        return (0..<rows.rows).map { r in
            var v: Float = 0
            for t in 0..<heads.count { v += tasks.weights[t] * p[r, t] }
            return v
        }
    }

    /// Trains all heads jointly. `labels` is `rows × tasks`; a NaN label means "not observed" and is masked.
    /// A task with no observed label at all predicts 0 (zero weights, a very negative bias): its head gets no
    /// gradient, and left at its random start it added a random P(task) × weight to every value (Explore's
    /// follow head, weight 5, whose labels its training log does not have, drowned the other heads).
    public static func train(rows: Matrix, labels: Matrix, featureNames: [String], tasks: Tasks,
                             hidden: [Int] = [64, 32], settings: RankerTraining = RankerTraining(),
                             version: String = "multi-task-ranker") -> MultiTaskRanker {
        precondition(labels.rows == rows.rows && labels.columns == tasks.names.count)
        var random = TrainingRandom(seed: settings.seed)
        let scaler = FeatureScaler(fitting: rows)
        let x = scaler.transform(rows)
        var model = MultiTaskRanker(
            version: version, featureNames: featureNames, scaler: scaler,
            bottom: FeedForwardNetwork(sizes: [rows.columns] + hidden, hidden: .relu, output: .relu, random: &random),
            heads: tasks.names.indices.map { t in
                let head = DenseLayer(inputCount: hidden.last ?? rows.columns, outputCount: 1, activation: .identity, random: &random)
                let observed = (0..<labels.rows).contains { !labels[$0, t].isNaN }
                return observed ? head : DenseLayer(inputCount: head.inputCount, outputCount: 1, activation: .identity,
                                                    weights: [Float](repeating: 0, count: head.weights.count), bias: [-30])
            },
            tasks: tasks)
        var state = MultiTaskTrainingState(model: model)
        var optimizer = AdamOptimizer(learningRate: settings.learningRate, weightDecay: settings.weightDecay)
        var order = Array(0..<rows.rows)
        let progress = TrainingProgress(label: "ranker", total: settings.epochs * rows.rows, enabled: settings.showProgress)
        var done = 0
        for _ in 0..<settings.epochs {
            random.shuffle(&order)
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let idx = Array(order[start ..< min(start + settings.batchSize, order.count)])
                let loss = state.lossAndGradients(model: model, input: LightRanker.gather(x, idx),
                                                  labels: LightRanker.gather(labels, idx))
                optimizer.beginStep()
                state.apply(to: &model, optimizer: optimizer)
                done += idx.count
                progress.update(done: done, loss: loss)
            }
        }
        return model
    }

    public func save(to path: String) throws {
        try ModelFile.write(path, kind: Self.kind, version: Self.formatVersion) { w in
            w.string(version); w.strings(featureNames); w.floats(scaler.mean); w.floats(scaler.inverseStd)
            w.strings(tasks.names); w.floats(tasks.weights)
            w.network(bottom); w.network(FeedForwardNetwork(layers: heads))
        }
    }

    public static func load(from path: String) throws -> MultiTaskRanker {
        try ModelFile.read(path, kind: kind) { r, v in
            guard v == 1 else { throw ModelFile.FormatError.unsupportedVersion(kind: kind, version: v) }
            let version = try r.string(), names = try r.strings()
            let scaler = FeatureScaler(mean: try r.floats(), inverseStd: try r.floats())
            let taskNames = try r.strings(), weights = try r.floats()
            let bottom = try r.network(), heads = try r.network().layers
            guard taskNames.count == weights.count, heads.count == taskNames.count, !taskNames.isEmpty else {
                throw ModelFile.FormatError.truncated
            }
            return MultiTaskRanker(version: version, featureNames: names, scaler: scaler, bottom: bottom, heads: heads,
                                   tasks: Tasks(names: taskNames, weights: weights))
        }
    }
}

/// Gradients and Adam moments of a `MultiTaskRanker`.
struct MultiTaskTrainingState {
    var bottom: [DenseGradient]
    var heads: [DenseGradient]
    var bottomAdam: [DenseAdamState]
    var headAdam: [DenseAdamState]

    init(model: MultiTaskRanker) {
        bottom = model.bottom.makeGradients()
        heads = model.heads.map(DenseGradient.init(for:))
        bottomAdam = DenseAdamState.states(for: model.bottom)
        headAdam = model.heads.map(DenseAdamState.init(for:))
    }

    /// Mean over tasks of each task's masked BCE; gradients accumulate into the buffers.
    mutating func lossAndGradients(model: MultiTaskRanker, input: Matrix, labels: Matrix) -> Float {
        for i in bottom.indices { bottom[i].zero() }
        for i in heads.indices { heads[i].zero() }
        let trace = model.bottom.forwardTrace(input)
        let h = trace[trace.count - 1]
        var dH = Matrix(rows: h.rows, columns: h.columns)
        var total: Float = 0
        let taskScale = 1 / Float(model.heads.count)
        for (t, head) in model.heads.enumerated() {
            let z = head.forward(h)
            var y = [Float](repeating: 0, count: h.rows), w = y
            for r in 0..<h.rows {
                let l = labels[r, t]
                if !l.isNaN { y[r] = l; w[r] = 1 }
            }
            var (loss, g) = BinaryCrossEntropy.lossAndGradient(logits: z.values, labels: y, weights: w)
            for i in g.indices { g[i] *= taskScale }
            total += loss * taskScale
            let dh = head.backward(input: h, output: z, outputGradient: Matrix(rows: h.rows, columns: 1, values: g),
                                   into: &heads[t])
            for i in dH.values.indices { dH.values[i] += dh.values[i] }
        }
        _ = model.bottom.backward(trace: trace, outputGradient: dH, into: &bottom)
        return total
    }

    mutating func apply(to model: inout MultiTaskRanker, optimizer: AdamOptimizer) {
        var b = model.bottom
        optimizer.update(&b, gradients: bottom, states: &bottomAdam)
        var hs = model.heads
        for i in hs.indices { optimizer.update(&hs[i], gradient: heads[i], state: &headAdam[i]) }
        model = MultiTaskRanker(version: model.version, featureNames: model.featureNames, scaler: model.scaler,
                                bottom: b, heads: hs, tasks: model.tasks)
    }
}
