import Synchronization

/// Holds the model a server is using and swaps in a new one atomically. Models are immutable values, so
/// requests that already read the old one finish with it while new requests get the new one.
public final class ModelSlot<Model: Sendable>: Sendable {
    private let current: Mutex<Model>

    public init(_ model: Model) { current = Mutex(model) }

    public var model: Model { current.withLock { $0 } }

    /// Installs `model` and returns the one it replaced.
    @discardableResult
    public func replace(with model: Model) -> Model {
        current.withLock { old in
            let previous = old
            old = model
            return previous
        }
    }
}
