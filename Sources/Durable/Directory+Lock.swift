#if canImport(Glibc)
import Glibc
#endif

extension Directory {
    /// Runs `body` while holding an exclusive `flock` on the file `name` in this directory
    /// (created empty when missing), waiting first for any other process that holds it: for
    /// work that processes sharing the folder must do one at a time. The kernel drops the lock
    /// of a process that dies. When the lock file cannot be opened or locked (a read-only
    /// folder), `body` runs anyway: the lock only orders writers, and `body` will say what is
    /// wrong with the folder.
    public func withExclusiveLock<T, E: Error>(on name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let lock = openat(fd, name, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return try body() }
        defer { Glibc.close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { return try body() }
        }
        defer { flock(lock, LOCK_UN) }
        return try body()
    }
}
