#if canImport(Glibc)
import Glibc
#endif

extension Directory {
    /// Runs `body` while holding an exclusive `flock` on the file `name` in this directory
    /// (created empty when missing), waiting first for any other process that holds it: for
    /// work that processes sharing the folder must do one at a time. The kernel drops the lock
    /// of a process that dies.
    ///
    /// The lock only orders the writers, so `body` runs without it rather than not at all: when
    /// the lock file cannot be opened or locked (a read-only folder), and when another holder
    /// keeps it longer than `patience` seconds (a process stopped, not dead, keeps its locks);
    /// `gaveUp` is called first in that case, to say so.
    public func withExclusiveLock<T, E: Error>(
        on name: String, patience: Double = 60, gaveUp: () -> Void = {}, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let lock = openat(fd, name, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return try body() }
        defer { Glibc.close(lock) }
        var waited = 0.0
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { return try body() }
            guard waited < patience else {
                gaveUp()
                return try body()
            }
            usleep(20_000)
            waited += 0.02
        }
        defer { flock(lock, LOCK_UN) }
        return try body()
    }
}
