import Foundation

/// Trains a `TwoTowerModel` on engagements with a mixed in-batch + uniformly sampled softmax. Popular items
/// appear as in-batch negatives far more often than they would in a full softmax, so every logit is
/// corrected by log q (its probability of being sampled), which keeps popularity from being punished.
/// Catalogues up to `fullSoftmaxLimit` items use the exact softmax over every item instead.
public struct TwoTowerTrainer {
    public struct Report: Sendable {
        public var examples: Int
        public var seconds: Double
        public var finalLoss: Float
        public var examplesPerSecond: Double { Double(examples) / max(seconds, 1e-9) }
    }

    public var configuration: TwoTowerConfiguration
    public var showProgress: Bool

    public init(configuration: TwoTowerConfiguration = TwoTowerConfiguration(), showProgress: Bool = false) {
        self.configuration = configuration
        self.showProgress = showProgress
    }

    /// Trains on `positives` (engagements from the training period only). `afterEpoch` sees the model after
    /// each epoch (1-based) and returns false to stop early; its own time is not counted as training time.
    public func train(data: InteractionDataset, positives: [Interaction], version: String = "two-tower",
                      afterEpoch: ((Int, TwoTowerModel) -> Bool)? = nil) -> (model: TwoTowerModel, report: Report) {
        let c = configuration
        let index = EngagementIndex(positives: positives, userCount: data.userCount, itemCount: data.itemCount,
                                    velocityWindow: c.velocityWindowSeconds)
        var model = TwoTowerModel(configuration: c, data: data, referenceTime: index.endTime, version: version)
        var random = TrainingRandom(seed: c.seed &+ 1)

        // Examples: (user, position in the user's history).
        var examples: [(user: Int32, position: Int32)] = []
        for (u, h) in index.histories.enumerated() {
            for p in h.indices { examples.append((Int32(u), Int32(p))) }
        }
        // Item inputs are static during training: encode every item once.
        let itemInputs = (0..<data.itemCount).map { index.itemInput($0, data: data) }
        let total = Double(max(index.totalEngagements, 1))
        let itemCount = max(data.itemCount, 1)

        var optimizer = AdamOptimizer(learningRate: c.learningRate, weightDecay: c.weightDecay)
        var state = TwoTowerTrainingState(model: model)
        let steps = c.epochs * ((examples.count + c.batchSize - 1) / c.batchSize)
        let progress = TrainingProgress(label: "retrieval", total: steps * c.batchSize, enabled: showProgress)
        var step = 0
        var lastLoss: Float = 0
        var epochsRun = 0
        var callbackSeconds = 0.0
        // Small catalogues: every item is a column of every batch (exact softmax, no logQ).
        let full = data.itemCount <= c.fullSoftmaxLimit
        let catalogue = Array(0..<data.itemCount)
        for epoch in 1...max(c.epochs, 1) {
            random.shuffle(&examples)
            var start = 0
            while start < examples.count {
                let batch = examples[start ..< min(start + c.batchSize, examples.count)]
                start += c.batchSize
                // Users with their history minus the target; session = actions just before it.
                var users: [UserTowerInput] = [], items: [ItemTowerInput] = [], targets: [Int] = []
                for e in batch {
                    let h = index.histories[Int(e.user)], p = Int(e.position)
                    var history = h
                    history.remove(at: p)
                    var session = Array(h[max(0, p - c.sessionLength) ..< p])
                    var user: Int? = Int(e.user)
                    // Cold-start simulation: a new user, known only by their last few actions.
                    if c.userIDDropout > 0, p > 0, random.unit() < c.userIDDropout {
                        let n = 1 + random.below(min(p, c.sessionLength))
                        session = Array(h[(p - n) ..< p])
                        history = session
                        user = nil
                    }
                    let t = index.historyTimes[Int(e.user)][p]
                    users.append(UserTowerInput(index: user, history: history, session: session,
                                                features: data.users[Int(e.user)], hour: Int((t % 86400) / 3600)))
                    items.append(itemInputs[h[p]])
                    targets.append(h[p])
                }
                var columnItems = targets
                if full {
                    items = itemInputs
                    columnItems = catalogue
                } else {
                    for _ in 0..<c.sampledNegatives {
                        let j = random.below(itemCount)
                        items.append(itemInputs[j])
                        columnItems.append(j)
                    }
                }
                // Cold-start simulation: some items are shown to the tower as brand-new posts (no ID
                // embedding, no engagement yet), so the content path learns to place them on its own.
                let dropRoll = (0..<items.count).map { _ in random.unit() < c.itemIDDropout }
                for k in items.indices where dropRoll[k] {
                    items[k] = ItemTowerInput(index: nil, features: items[k].features)
                }
                let b = batch.count, m = c.sampledNegatives
                let logQ = full ? [Float](repeating: 0, count: columnItems.count) : columnItems.map { j in
                    logf(Float(b) * Float(index.itemEngagements[j]) / Float(total) + Float(m) / Float(itemCount))
                }
                optimizer.beginStep()
                lastLoss = state.step(model: &model, users: users, items: items, columnItems: columnItems,
                                      targets: targets, logQ: logQ, dropID: dropRoll, now: index.endTime,
                                      optimizer: optimizer, fullCatalogue: full)
                step += 1
                progress.update(done: min(step * c.batchSize, steps * c.batchSize), loss: lastLoss)
            }
            epochsRun = epoch
            if let afterEpoch {
                let t0 = Date()
                let goOn = afterEpoch(epoch, model)
                callbackSeconds += Date().timeIntervalSince(t0)
                if !goOn { break }
            }
        }
        if epochsRun < c.epochs { progress.update(done: steps * c.batchSize, loss: lastLoss) }  // close the bar
        let report = Report(examples: examples.count * epochsRun, seconds: progress.elapsedSeconds - callbackSeconds,
                            finalLoss: lastLoss)
        return (model, report)
    }
}

/// Gradient buffers and Adam moments for every block of a `TwoTowerModel`.
struct TwoTowerTrainingState {
    var userNet: [DenseGradient], itemNet: [DenseGradient]
    var userNetAdam: [DenseAdamState], itemNetAdam: [DenseAdamState]
    var userID, history, userToken, itemID, token, creator: SparseGradient
    var userIDAdam, historyAdam, userTokenAdam, itemIDAdam, tokenAdam, creatorAdam: AdamState

    init(model: TwoTowerModel) {
        userNet = model.userNetwork.makeGradients()
        itemNet = model.itemNetwork.makeGradients()
        userNetAdam = DenseAdamState.states(for: model.userNetwork)
        itemNetAdam = DenseAdamState.states(for: model.itemNetwork)
        userID = SparseGradient(dimension: model.userIDTable.dimension)
        history = SparseGradient(dimension: model.historyTable.dimension)
        userToken = SparseGradient(dimension: model.userTokenTable.dimension)
        itemID = SparseGradient(dimension: model.itemIDTable.dimension)
        token = SparseGradient(dimension: model.tokenTable.dimension)
        creator = SparseGradient(dimension: model.creatorTable.dimension)
        userIDAdam = AdamState(count: model.userIDTable.values.count)
        historyAdam = AdamState(count: model.historyTable.values.count)
        userTokenAdam = AdamState(count: model.userTokenTable.values.count)
        itemIDAdam = AdamState(count: model.itemIDTable.values.count)
        tokenAdam = AdamState(count: model.tokenTable.values.count)
        creatorAdam = AdamState(count: model.creatorTable.values.count)
    }

    mutating func zero() {
        for i in userNet.indices { userNet[i].zero() }
        for i in itemNet.indices { itemNet[i].zero() }
        userID.removeAll(); history.removeAll(); userToken.removeAll()
        itemID.removeAll(); token.removeAll(); creator.removeAll()
    }

    /// Computes the loss and gradients for one batch without updating. Row i's positive is column i, or
    /// with `fullCatalogue` (the columns are every item, in index order) column `targets[i]`.
    mutating func lossAndGradients(model: TwoTowerModel, users: [UserTowerInput], items: [ItemTowerInput],
                                   columnItems: [Int], targets: [Int], logQ: [Float], dropID: [Bool],
                                   now: Int64, fullCatalogue: Bool = false) -> Float {
        zero()
        let c = model.configuration
        let ub = model.encodeUsers(users)
        let ib = model.encodeItems(items, now: now, dropID: { dropID[$0] })
        let up = model.userForward(ub), ip = model.itemForward(ib)
        var logits = MatrixKernels.multiplyTransposed(up.output, ip.output)
        let invT = 1 / c.temperature
        for i in 0..<logits.rows {
            for j in 0..<logits.columns {
                // Another row's copy of my positive is not a negative for me.
                if !fullCatalogue && j != i && columnItems[j] == targets[i] {
                    logits[i, j] = -1e9
                } else {
                    logits[i, j] = logits[i, j] * invT - logQ[j]
                }
            }
        }
        let (loss, dLogits0) = SoftmaxCrossEntropy.lossAndGradient(
            logits: logits, targets: fullCatalogue ? targets : Array(0..<users.count))
        var dLogits = dLogits0
        for k in dLogits.values.indices { dLogits.values[k] *= invT }
        let dU = MatrixKernels.multiply(dLogits, ip.output)
        var dVvalues = [Float](repeating: 0, count: ip.output.values.count)
        MatrixKernels.accumulateTransposedProduct(dLogits, up.output, into: &dVvalues)
        let dV = Matrix(rows: ip.output.rows, columns: ip.output.columns, values: dVvalues)

        // User tower.
        let normalized = c.normalizeOutputs
        let dUSum = normalized ? RowNormalization.backward(output: up.output, norms: up.norms, outputGradient: dU) : dU
        model.userIDTable.backward(ub.id, outputGradient: dUSum, into: &userID)
        let dUIn = model.userNetwork.backward(trace: up.trace, outputGradient: dUSum, into: &userNet)
        let h = c.historyDimension, t = c.userTokenDimension
        model.historyTable.backward(ub.primary, outputGradient: dUIn.columns(0..<h), into: &history)
        model.historyTable.backward(ub.secondary, outputGradient: dUIn.columns(h..<(2 * h)), into: &history)
        model.userTokenTable.backward(ub.tertiary, outputGradient: dUIn.columns((2 * h)..<(2 * h + t)), into: &userToken)

        // Item tower.
        let dVSum = normalized ? RowNormalization.backward(output: ip.output, norms: ip.norms, outputGradient: dV) : dV
        model.itemIDTable.backward(ib.id, outputGradient: dVSum, into: &itemID)
        let dVIn = model.itemNetwork.backward(trace: ip.trace, outputGradient: dVSum, into: &itemNet)
        let tk = c.tokenDimension, cr = c.creatorDimension
        model.tokenTable.backward(ib.primary, outputGradient: dVIn.columns(0..<tk), into: &token)
        model.creatorTable.backward(ib.secondary, outputGradient: dVIn.columns(tk..<(tk + cr)), into: &creator)
        return loss
    }

    mutating func step(model: inout TwoTowerModel, users: [UserTowerInput], items: [ItemTowerInput],
                       columnItems: [Int], targets: [Int], logQ: [Float], dropID: [Bool], now: Int64,
                       optimizer: AdamOptimizer, fullCatalogue: Bool = false) -> Float {
        let loss = lossAndGradients(model: model, users: users, items: items, columnItems: columnItems,
                                    targets: targets, logQ: logQ, dropID: dropID, now: now, fullCatalogue: fullCatalogue)
        optimizer.update(&model.userNetwork, gradients: userNet, states: &userNetAdam)
        optimizer.update(&model.itemNetwork, gradients: itemNet, states: &itemNetAdam)
        optimizer.update(&model.userIDTable, gradient: userID, state: &userIDAdam)
        optimizer.update(&model.historyTable, gradient: history, state: &historyAdam)
        optimizer.update(&model.userTokenTable, gradient: userToken, state: &userTokenAdam)
        optimizer.update(&model.itemIDTable, gradient: itemID, state: &itemIDAdam)
        optimizer.update(&model.tokenTable, gradient: token, state: &tokenAdam)
        optimizer.update(&model.creatorTable, gradient: creator, state: &creatorAdam)
        return loss
    }
}
