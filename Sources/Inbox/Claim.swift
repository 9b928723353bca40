#if canImport(Glibc)
import Glibc
#endif

/// An item taken from the queue by one worker.
///
/// The claim holds an exclusive `flock` on the item's file for as long as it lives. The kernel
/// drops that lock when the holder dies, however it dies, which is how the reaper tells an
/// abandoned item from one still being worked on. Finish a claim with
/// ``Inbox/complete(_:result:bucket:)`` or ``Inbox/fail(_:reason:permanent:)``; a claim dropped
/// without either stays claimed until this process exits, then the reaper returns it.
public final class Claim: @unchecked Sendable {
    public let id: String
    public let payload: [UInt8]
    /// 1 for the first time the item is processed, 2 for the first retry, and so on.
    public let attempt: Int
    /// The file name under `cur/` (the id plus the attempt count).
    let name: String
    /// The descriptor that holds the lock; immutable, closed exactly once in `deinit`.
    let fd: Int32

    init(id: String, payload: [UInt8], attempt: Int, name: String, fd: Int32) {
        self.id = id
        self.payload = payload
        self.attempt = attempt
        self.name = name
        self.fd = fd
    }

    deinit { close(fd) }
}
