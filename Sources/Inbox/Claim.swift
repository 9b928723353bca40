#if canImport(Glibc)
import Glibc
#endif

/// An item taken from the queue by one worker.
///
/// In the file inbox the claim holds an exclusive `flock` on the item's file until the queue
/// moves the item out of the claimed folder (complete, fail, release). The kernel drops that
/// lock when the holder dies, however it dies, which is how the reaper tells an abandoned item
/// from one still being worked on. A queue on a database server holds a lease instead, which
/// expires unless the claim is finished in time. Finish a claim
/// with ``Inbox/complete(_:result:bucket:)`` or ``Inbox/fail(_:reason:permanent:)``; a claim
/// dropped without either stays claimed until its holder dies or its lease runs out, then the
/// reaper returns it.
public final class Claim: @unchecked Sendable {
    public let id: String
    public let payload: [UInt8]
    /// 1 for the first time the item is processed, 2 for the first retry, and so on.
    public let attempt: Int
    /// What the queue needs to finish this claim and nobody else's: the file name under `cur/`
    /// (the id plus the attempt count) in the file inbox, the lease's fencing token in a
    /// database queue. An operation whose token no longer matches changes nothing.
    package let token: String
    /// The descriptor that holds the lock, or -1 when the queue holds no file; immutable,
    /// closed exactly once in `deinit`.
    package let fd: Int32

    package init(id: String, payload: [UInt8], attempt: Int, token: String, fd: Int32 = -1) {
        self.id = id
        self.payload = payload
        self.attempt = attempt
        self.token = token
        self.fd = fd
    }

    /// Drops the lock once the queue has moved the item out of the claimed folder, so that the
    /// item is free for the next claimer (or for reuse) at once, however long this object lives:
    /// a worker may keep a batch of claims, or a child process being spawned may hold a copy of
    /// the descriptor, and the lock belongs to the open file, not to the descriptor.
    package func unlock() {
        if fd >= 0 { _ = flock(fd, LOCK_UN) }
    }

    deinit { if fd >= 0 { close(fd) } }
}
