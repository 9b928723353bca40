import Synchronization

/// A value the daemon may replace while it runs (on SIGHUP), read by many tasks at once.
///
/// Readers take a copy under a lock and keep using it for the piece of work at hand (a fetch
/// round, one item), so a reload never changes the rules halfway through an item.
final class Reloadable<Value: Sendable>: Sendable {
    private let state: Mutex<Value>

    init(_ value: Value) {
        state = Mutex(value)
    }

    /// The value in force now.
    var value: Value {
        state.withLock { $0 }
    }

    /// Puts `value` in force for every reader from now on.
    func replace(with value: Value) {
        state.withLock { $0 = value }
    }
}
