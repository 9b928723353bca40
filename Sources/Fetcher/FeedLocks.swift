import Foundation
import Synchronization

/// The right to fetch a feed whose state is kept in files, held as an exclusive `flock` on
/// `<feed>.lock` beside its state, so that a `brinkwatch fetch --once` started beside a running
/// daemon never fetches the same feed at the same time: both would save the state, and the last
/// save would forget the ids the other had just delivered.
///
/// The kernel lets go of a lock when its holder dies, so a killed process never keeps a feed.
/// The lock files stay (removing one could let two processes lock two different files of the
/// same name); they are empty.
final class FeedLocks: Sendable {
    let directory: String
    /// The descriptors of the lock files this process holds, by feed.
    private let held = Mutex<[String: Int32]>([:])

    init(directory: String) {
        self.directory = directory
    }

    /// Takes the lock of `feed`; true when this process holds it now (or held it already), false
    /// while another process does. A lock that cannot be taken for any other reason (the folder
    /// is not writable) is not refused: one process per state folder is the usual case, and the
    /// fetch itself will report what is wrong with the folder.
    func lock(_ feed: String) -> Bool {
        held.withLock { held in
            if held[feed] != nil { return true }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let fd = open(directory + "/" + feed + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return true }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                close(fd)
                return !busy
            }
            held[feed] = fd
            return true
        }
    }

    /// Lets go of the lock of `feed`, when this process holds it.
    func unlock(_ feed: String) {
        guard let fd = held.withLock({ $0.removeValue(forKey: feed) }) else { return }
        flock(fd, LOCK_UN)
        close(fd)
    }

    deinit {
        for fd in held.withLock({ $0.values }) { close(fd) }
    }
}
