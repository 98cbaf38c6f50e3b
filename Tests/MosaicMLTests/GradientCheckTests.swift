import Testing
@testable import MosaicML

/// Finite-difference checks of every layer and loss: analytic gradients must match numerical ones.
struct GradientCheckTests {
    /// Central difference of `f` at `x[i]`; Float precision, so a fairly large step.
    static func numeric(_ x: inout [Float], _ i: Int, h: Float = 1e-2, _ f: ([Float]) -> Float) -> Float {
        let old = x[i]
        x[i] = old + h; let up = f(x)
        x[i] = old - h; let down = f(x)
        x[i] = old
        return (up - down) / (2 * h)
    }

    static func close(_ a: Float, _ b: Float, tolerance: Float = 2e-2) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    static func randomMatrix(_ rows: Int, _ cols: Int, _ r: inout TrainingRandom) -> Matrix {
        Matrix(rows: rows, columns: cols, values: (0..<(rows * cols)).map { _ in r.gaussian() })
    }

    @Test(arguments: Activation.allCases)
    func denseLayer(activation: Activation) {
        var r = TrainingRandom(seed: 7)
        var layer = DenseLayer(inputCount: 5, outputCount: 4, activation: activation, random: &r)
        for i in layer.bias.indices { layer.bias[i] = r.gaussian() * 0.1 }
        let input = Self.randomMatrix(3, 5, &r)
        let probe = Self.randomMatrix(3, 4, &r)   // loss = Σ probe ⊙ y
        func loss(_ l: DenseLayer, _ x: Matrix) -> Float {
            zip(l.forward(x).values, probe.values).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var grad = DenseGradient(for: layer)
        let out = layer.forward(input)
        let dInput = layer.backward(input: input, output: out, outputGradient: probe, into: &grad)
        var w = layer.weights
        for i in w.indices {
            let n = Self.numeric(&w, i) { ws in
                loss(DenseLayer(inputCount: 5, outputCount: 4, activation: activation, weights: ws, bias: layer.bias), input)
            }
            #expect(Self.close(n, grad.weights[i]), "weight \(i): numeric \(n) analytic \(grad.weights[i])")
        }
        var b = layer.bias
        for i in b.indices {
            let n = Self.numeric(&b, i) { bs in
                loss(DenseLayer(inputCount: 5, outputCount: 4, activation: activation, weights: layer.weights, bias: bs), input)
            }
            #expect(Self.close(n, grad.bias[i]))
        }
        var x = input.values
        for i in x.indices {
            let n = Self.numeric(&x, i) { xs in loss(layer, Matrix(rows: 3, columns: 5, values: xs)) }
            #expect(Self.close(n, dInput.values[i]), "input \(i): numeric \(n) analytic \(dInput.values[i])")
        }
    }

    @Test func embeddingBags() {
        var r = TrainingRandom(seed: 3)
        let table = EmbeddingTable(rowCount: 6, dimension: 3, scale: 1, random: &r)
        var bags = EmbeddingBags()
        bags.append([0, 2, 2], mean: true)
        bags.append([Int](), mean: true)
        bags.append(rows: [5, 1], weights: [0.5, 2])
        let probe = Self.randomMatrix(3, 3, &r)
        var grad = SparseGradient(dimension: 3)
        table.backward(bags, outputGradient: probe, into: &grad)
        var v = table.values
        for i in v.indices {
            let n = Self.numeric(&v, i) { vs in
                zip(EmbeddingTable(rowCount: 6, dimension: 3, values: vs).lookup(bags).values, probe.values)
                    .reduce(0) { $0 + $1.0 * $1.1 }
            }
            #expect(Self.close(n, grad.gradient(ofRow: i / 3)[i % 3]))
        }
        #expect(grad.rows == [0, 2, 5, 1])  // untouched rows get no gradient slot
    }

    @Test func softmaxCrossEntropy() {
        var r = TrainingRandom(seed: 11)
        let logits = Self.randomMatrix(4, 6, &r)
        let targets = [0, 5, 2, 2]
        let (_, g) = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: targets)
        var x = logits.values
        for i in x.indices {
            let n = Self.numeric(&x, i, h: 1e-2) { xs in
                SoftmaxCrossEntropy.lossAndGradient(logits: Matrix(rows: 4, columns: 6, values: xs), targets: targets).loss
            }
            #expect(Self.close(n, g.values[i]))
        }
    }

    @Test func binaryCrossEntropyWithMask() {
        let logits: [Float] = [-2, 0.3, 4, -0.7, 1.5]
        let labels: [Float] = [0, 1, 1, 1, 0]
        let weights: [Float] = [1, 1, 0, 2, 1]
        let (loss, g) = BinaryCrossEntropy.lossAndGradient(logits: logits, labels: labels, weights: weights)
        #expect(loss > 0)
        #expect(g[2] == 0)  // masked task gives no gradient
        var x = logits
        for i in x.indices {
            let n = Self.numeric(&x, i, h: 1e-3) { BinaryCrossEntropy.lossAndGradient(logits: $0, labels: labels, weights: weights).loss }
            #expect(Self.close(n, g[i]))
        }
    }

    @Test func rowNormalization() {
        var r = TrainingRandom(seed: 5)
        let x = Self.randomMatrix(3, 4, &r)
        let probe = Self.randomMatrix(3, 4, &r)
        let (y, norms) = RowNormalization.forward(x)
        let dx = RowNormalization.backward(output: y, norms: norms, outputGradient: probe)
        var v = x.values
        for i in v.indices {
            let n = Self.numeric(&v, i, h: 1e-3) { vs in
                zip(RowNormalization.forward(Matrix(rows: 3, columns: 4, values: vs)).output.values, probe.values)
                    .reduce(0) { $0 + $1.0 * $1.1 }
            }
            #expect(Self.close(n, dx.values[i]))
        }
    }

    /// The two-tower's whole loss (softmax over in-batch + sampled items with logQ, or over the full
    /// catalogue; both towers, all embedding tables) against finite differences on a few parameters of each block.
    @Test(arguments: [true, false], [false, true])
    func twoTowerLoss(normalized: Bool, fullCatalogue: Bool) {
        let data = SyntheticWorld.make(users: 6, items: 10, perUser: 4, seed: 1)
        var c = TwoTowerConfiguration()
        c.outputDimension = 8; c.hiddenDimension = 6; c.historyDimension = 4; c.tokenDimension = 3
        c.tokenBuckets = 16; c.userTokenBuckets = 8; c.userTokenDimension = 3; c.creatorBuckets = 8; c.creatorDimension = 2
        c.temperature = 0.5
        c.normalizeOutputs = normalized
        var model = TwoTowerModel(configuration: c, data: data, referenceTime: 1000, version: "t")
        var r = TrainingRandom(seed: 2)
        // Give the zero-initialised ID tables some values so their gradients are exercised in general position.
        for i in model.itemIDTable.values.indices { model.itemIDTable.values[i] = r.gaussian() * 0.3 }
        for i in model.userIDTable.values.indices { model.userIDTable.values[i] = r.gaussian() * 0.3 }
        let index = EngagementIndex(positives: data.interactions, userCount: data.userCount, itemCount: data.itemCount)
        let users = (0..<3).map { index.userInput($0, data: data) }
        let columnItems = fullCatalogue ? Array(0..<data.itemCount) : [1, 4, 7, 2, 9]
        let items = columnItems.map { index.itemInput($0, data: data) }
        let targets = [1, 4, 7]
        let logQ: [Float] = fullCatalogue ? columnItems.map { _ in 0 } : [-1, -2, -1.5, -3, -2.5]
        let drop = columnItems.indices.map { $0 == 1 }
        var state = TwoTowerTrainingState(model: model)
        func loss(_ m: TwoTowerModel) -> Float {
            var s = TwoTowerTrainingState(model: m)
            return s.lossAndGradients(model: m, users: users, items: items, columnItems: columnItems, targets: targets,
                                      logQ: logQ, dropID: drop, now: 1000, fullCatalogue: fullCatalogue)
        }
        _ = state.lossAndGradients(model: model, users: users, items: items, columnItems: columnItems, targets: targets,
                                   logQ: logQ, dropID: drop, now: 1000, fullCatalogue: fullCatalogue)
        // Dense weights of both towers.
        for (net, grads) in [(\TwoTowerModel.userNetwork, state.userNet), (\TwoTowerModel.itemNetwork, state.itemNet)] {
            var checked = 0, total = 0
            for i in stride(from: 0, to: model[keyPath: net].layers[0].weights.count, by: 7) {
                var m = model
                var w = m[keyPath: net].layers[0].weights
                let n = Self.numeric(&w, i, h: 1e-2) { ws in m[keyPath: net].layers[0].weights = ws; return loss(m) }
                let fine = Self.numeric(&w, i, h: 2e-3) { ws in m[keyPath: net].layers[0].weights = ws; return loss(m) }
                total += 1
                // Two step sizes disagreeing means a ReLU kink lies within the step: not a smooth point to check.
                guard Self.close(n, fine, tolerance: 5e-2) else { continue }
                checked += 1
                #expect(Self.close(n, grads[0].weights[i], tolerance: 5e-2), "layer weight \(i): \(n) vs \(grads[0].weights[i])")
            }
            #expect(checked * 10 >= total * 9, "only \(checked) of \(total) coordinates were smooth")
        }
        // Sparse tables: item ID (dropped column 1 must get nothing from that column) and history.
        for (table, grad) in [(\TwoTowerModel.itemIDTable, state.itemID), (\TwoTowerModel.historyTable, state.history),
                              (\TwoTowerModel.tokenTable, state.token)] {
            for row in grad.rows.prefix(3) {
                for k in 0..<min(2, grad.dimension) {
                    var m = model
                    var v = m[keyPath: table].values
                    let i = row * grad.dimension + k
                    let n = Self.numeric(&v, i, h: 1e-2) { vs in
                        m[keyPath: table] = EmbeddingTable(rowCount: model[keyPath: table].rowCount,
                                                           dimension: grad.dimension, values: vs)
                        return loss(m)
                    }
                    #expect(Self.close(n, grad.gradient(ofRow: row)[k], tolerance: 5e-2))
                }
            }
        }
    }
}
