import Durable
import Synchronization

/// Remembers the first failed fsync of an inbox and refuses every operation after it.
///
/// After a failed fsync Linux may have dropped the unwritten pages and marked them clean, so a
/// later fsync on the same file or directory can succeed although the data is gone. The only
/// safe course is to stop using the open directories: the process should exit and start again
/// (systemd restarts it), and recovery then rebuilds a consistent queue from what is on disk.
final class FaultLatch: Sendable {
    private let first = Mutex<String?>(nil)

    /// Throws ``InboxError/Code-swift.struct/broken`` once the latch has tripped.
    func check() throws(InboxError) {
        if let reason = first.withLock({ $0 }) {
            throw InboxError(code: .broken, message: "the inbox stopped after a failed fsync (\(reason)); restart the process")
        }
    }

    /// Trips the latch with `cause` and returns the error to throw.
    func trip(_ cause: FileError, _ message: String, itemID: String? = nil) -> InboxError {
        first.withLock { if $0 == nil { $0 = "\(cause)" } }
        return InboxError(code: .broken, message: message, itemID: itemID, cause: cause)
    }
}
