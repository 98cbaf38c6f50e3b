import Foundation
import Synchronization

/// How long one funnel run spent in each stage, for `mosaic bench explore` and the `/metrics` histograms.
public struct StageTimings: Sendable {
    public var context: Duration = .zero
    public var retrieval: Duration = .zero
    /// Parts of `retrieval`: the user tower, and the ANN search (with the policy inside it).
    public var userVector: Duration = .zero
    public var ann: Duration = .zero
    public var light: Duration = .zero
    public var heavy: Duration = .zero
    public var postProcess: Duration = .zero
    public var hydrate: Duration = .zero
    public var total: Duration = .zero
    public init() {}

    public static let stageNames = ["context", "retrieval", "· user_vector", "· ann", "light", "heavy", "post_process",
                                    "hydrate", "total"]
    public var values: [Duration] { [context, retrieval, userVector, ann, light, heavy, postProcess, hydrate, total] }
}

/// Collects `StageTimings` when switched on (off by default: serving pays one atomic load per run).
public final class StageRecorder: Sendable {
    private let on = Atomic<Bool>(false)
    private let runs = Mutex<[StageTimings]>([])
    public init() {}

    public var isRecording: Bool {
        get { on.load(ordering: .relaxed) }
        set { on.store(newValue, ordering: .relaxed) }
    }
    func record(_ t: StageTimings) { if isRecording { runs.withLock { $0.append(t) } } }
    /// Everything recorded so far, emptying the recorder.
    public func drain() -> [StageTimings] { runs.withLock { r in defer { r.removeAll() }; return r } }
}
