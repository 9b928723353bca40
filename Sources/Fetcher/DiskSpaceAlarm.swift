import Durable
import Foundation
import Inbox
import Logging
import Synchronization

/// Says once that the disk under the queue is full, pauses enqueuing and claiming while it is,
/// and says once that space came back.
///
/// A full disk is no fault of any feed or item: without this, every feed of a round and every
/// batch of every worker would log its own error, and the fetcher would keep downloading items
/// it cannot store. With it, the first failure logs one error, later ones are debug lines, the
/// fetcher defers its feeds until ``spaceAvailable()`` sees room again, and the first write that
/// succeeds afterwards logs one notice.
public final class DiskSpaceAlarm: Sendable {
    /// The folder whose file system is watched (the inbox).
    public let path: String
    /// Free bytes and free inodes needed before enqueuing resumes.
    public let minimumBytes: UInt64
    public let minimumInodes: UInt64
    let logger: Logger
    private let full = Mutex(false)

    public init(path: String, logger: Logger, minimumBytes: UInt64 = 8 << 20, minimumInodes: UInt64 = 256) {
        self.path = path
        self.logger = logger
        self.minimumBytes = minimumBytes
        self.minimumInodes = minimumInodes
    }

    public var isFull: Bool { full.withLock { $0 } }

    /// Whether `error` is a full disk (or quota); the first such failure after a healthy spell
    /// logs one error naming `what` could not be stored.
    @discardableResult
    public func noteFailure(_ error: any Error, storing what: String) -> Bool {
        guard Self.isNoSpace(error) else { return false }
        if !raise(["error": "\(error)", "disk.failed": "\(what)"]) {
            logger.debug("disk still full", metadata: ["disk.failed": "\(what)"])
        }
        return true
    }

    /// Marks the disk full; the first time after a healthy spell, logs the one error line with
    /// `details`. Returns whether it was that first time.
    private func raise(_ details: Logger.Metadata) -> Bool {
        let first = full.withLock { full in
            defer { full = true }
            return !full
        }
        if first {
            logger.error("disk full: new items are not stored until space returns; fetching and claiming paused",
                         metadata: details.merging(["disk.path": "\(path)"]) { $1 })
        }
        return first
    }

    /// Whether there is room to take items from the queue: ``minimumBytes`` and
    /// ``minimumInodes`` free, looked at now. Below that the disk counts as full (one error line
    /// the first time), so that workers stop claiming before their results fail to fit: a
    /// claim that cannot complete costs the item an attempt if its worker dies holding it, and
    /// enough of those would send good items to the dead letters while the disk is full.
    public func roomToWork() -> Bool {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return true }  // cannot tell: let the writes decide
        let bytes = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        if bytes >= minimumBytes, UInt64(stats.f_favail) >= minimumInodes {
            noteSuccess()
            return true
        }
        _ = raise(["disk.free_bytes": "\(bytes)", "disk.free_inodes": "\(stats.f_favail)"])
        return false
    }

    /// A write succeeded: if the disk was full, it no longer is.
    public func noteSuccess() {
        let wasFull = full.withLock { full in
            defer { full = false }
            return full
        }
        if wasFull {
            logger.notice(
                "disk space available again; storing, fetching and claiming resumed", metadata: ["disk.path": "\(path)"])
        }
    }

    /// While full, whether the file system has room again (``minimumBytes`` and
    /// ``minimumInodes`` free for unprivileged writers); when it has, the alarm is cleared.
    /// Always true when not full.
    public func spaceAvailable() -> Bool {
        guard isFull else { return true }
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return false }
        let bytes = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        guard bytes >= minimumBytes, UInt64(stats.f_favail) >= minimumInodes else { return false }
        noteSuccess()
        return true
    }

    static func isNoSpace(_ error: any Error) -> Bool {
        if let error = error as? InboxError { return error.code == .noSpace }
        if let error = error as? FileError { return error.code == .noSpace }
        return false
    }
}
