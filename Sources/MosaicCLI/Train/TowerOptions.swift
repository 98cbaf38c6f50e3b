import ArgumentParser
import MosaicML

/// The two-tower settings `mosaic train` and `mosaic eval` share (defaults are `TwoTowerConfiguration`'s).
struct TowerOptions: ParsableArguments {
    @Option(help: "Most two-tower epochs (eval chooses the count on a validation split of the training rows).")
    var epochs: Int = 20
    @Option(help: "Two-tower output dimension (64–256).") var dimension: Int = TwoTowerConfiguration().outputDimension
    @Option(help: "Two-tower hidden layer width.") var hidden: Int = TwoTowerConfiguration().hiddenDimension
    @Option(help: "Softmax temperature.") var temperature: Float = TwoTowerConfiguration().temperature
    @Option(help: "Two-tower Adam learning rate.") var learningRate: Float = TwoTowerConfiguration().learningRate
    @Option(help: "Two-tower weight decay.") var weightDecay: Float = TwoTowerConfiguration().weightDecay
    @Option(help: "Probability of hiding an item's ID from a training example (cold-start simulation).")
    var idDropout: Float = TwoTowerConfiguration().itemIDDropout
    @Option(help: "Catalogues up to this size train with a full softmax (0: always in-batch + sampled with logQ).")
    var fullSoftmaxLimit: Int = 4096
    @Option(help: "Actions that make up the session context (0: none).")
    var sessionLength: Int = TwoTowerConfiguration().sessionLength
    @Flag(help: "Unnormalised tower outputs (dot products instead of cosines).") var unnormalized = false

    func apply(to c: inout TwoTowerConfiguration) {
        c.epochs = epochs
        c.outputDimension = dimension
        c.hiddenDimension = hidden
        c.temperature = temperature
        c.learningRate = learningRate
        c.weightDecay = weightDecay
        c.itemIDDropout = idDropout
        c.fullSoftmaxLimit = fullSoftmaxLimit
        c.normalizeOutputs = !unnormalized
        c.sessionLength = sessionLength
    }
}
