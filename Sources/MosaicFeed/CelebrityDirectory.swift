import MosaicCore
import Synchronization

/// Authors whose posts are pulled at read time instead of pushed. Membership is sticky while the process
/// runs: an author who drops below the threshold stays a pull author, because their posts from their
/// celebrity days were never pushed and pulling is the only way readers still see them. At start-up the
/// directory is reloaded with half the threshold (hysteresis), so an account hovering around it does not
/// flip between designs.
public final class CelebrityDirectory: Sendable {
    private let members = Mutex<Set<UserID>>([])
    public init() {}
    public func contains(_ user: UserID) -> Bool { members.withLock { $0.contains(user) } }
    public func add(_ user: UserID) { _ = members.withLock { $0.insert(user) } }
    public func replace(with users: some Sequence<UserID>) { members.withLock { $0 = Set(users) } }
    public func intersection(_ users: some Sequence<UserID>) -> [UserID] {
        members.withLock { m in m.isEmpty ? [] : users.filter { m.contains($0) } }
    }
    public var count: Int { members.withLock { $0.count } }
}
