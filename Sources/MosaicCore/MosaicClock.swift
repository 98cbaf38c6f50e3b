import Foundation
import Synchronization

/// The time source for anything that expires (media after 24 h, stories, sessions, rate-limit windows).
/// Injected so that expiry is tested by moving a clock, never by sleeping.
public protocol MosaicClock: Sendable {
    func now() -> Date
}

public struct SystemClock: MosaicClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to.
public final class ManualClock: MosaicClock {
    private let current: Mutex<Date>
    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
