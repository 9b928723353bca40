#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that survive a crash or a power cut at any instant.
///
/// Every write follows the same steps: write a hidden temporary file in the target directory,
/// `fsync` it, rename it into place, then `fsync` the directory. A reader sees the old file or
/// the new one, never a partial one; after a power cut the file is either absent (for a new
/// name) or complete. Without the file `fsync` the data can come back empty; without the
/// directory `fsync` the rename itself can roll back.
public enum DurableFile {
    /// Writes `bytes` to a new hidden file in `directory` and makes its content durable.
    ///
    /// - Returns: the temporary name, to be renamed into place by the caller.
    /// - Throws: ``FileError``; the temporary file is removed on failure.
    public static func stage(_ bytes: [UInt8], in directory: Directory, hint: String = "item") throws(FileError)
        -> String
    {
        try stageAll([(hint, bytes)], in: directory)[0]
    }

    /// Writes each payload to a new hidden file in `directory` and makes them all durable together.
    ///
    /// Why not ``stage(_:in:hint:)`` in a loop: that pays one journal commit per file. Here every
    /// file is written first and then each is fsynced in turn; on ext4 (data=ordered) and XFS the
    /// first fsync commits one transaction that holds all of them, so the others find little left
    /// to do and a batch costs about one fsync. Any failure removes every file of the batch.
    ///
    /// - Returns: the temporary names, in the order of `payloads`.
    public static func stageAll(
        _ payloads: [(hint: String, bytes: [UInt8])], in directory: Directory
    ) throws(FileError) -> [String] {
        var open: [(fd: Int32, name: String)] = []
        open.reserveCapacity(payloads.count)
        func abandon() {
            for file in open {
                if file.fd >= 0 { Glibc.close(file.fd) }
                try? directory.remove(file.name)
            }
        }
        do throws(FileError) {
            for payload in payloads {
                let name = ".\(payload.hint).\(getpid()).\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff).tmp"
                let path = directory.pathOf(name)
                let fd = try syscall("open", path: path) {
                    openat(directory.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                }
                open.append((fd, name))
                try writeAll(fd, payload.bytes, path: path)
                FileChange.report(.created(folder: directory.path, name: name, bytes: payload.bytes))
            }
            for index in open.indices {
                let path = directory.pathOf(open[index].name)
                try syscall("fsync", path: path) { fsync(open[index].fd) }
                FileChange.report(.synced(folder: directory.path, name: open[index].name))
                let fd = open[index].fd
                open[index].fd = -1
                // close can report a deferred write error on some file systems: it counts.
                if Glibc.close(fd) != 0 { throw FileError.fromErrno("close", path: path) }
            }
        } catch {
            abandon()
            throw error
        }
        return open.map(\.name)
    }

    /// Replaces (or creates) `name` in `directory` with `bytes`, atomically and durably.
    public static func replace(_ name: String, in directory: Directory, with bytes: [UInt8]) throws(FileError) {
        let temporary = try stage(bytes, in: directory, hint: name)
        do {
            try directory.moveReplacing(temporary, to: directory, as: name)
        } catch {
            try? directory.remove(temporary)
            throw error
        }
        try directory.sync()
    }

    /// Creates `name` in `directory` with `bytes` unless that name already exists.
    ///
    /// - Returns: true when the file was created, false when `name` was already there (its
    ///   content is left untouched: the first writer wins, which makes repeated writes of the
    ///   same result idempotent).
    @discardableResult
    public static func create(_ name: String, in directory: Directory, with bytes: [UInt8]) throws(FileError) -> Bool {
        if directory.contains(name) { return false }
        let temporary = try stage(bytes, in: directory, hint: name)
        do {
            try directory.moveNoReplace(temporary, to: directory, as: name)
        } catch where error.code == .alreadyExists {
            try? directory.remove(temporary)
            return false
        } catch {
            try? directory.remove(temporary)
            throw error
        }
        try directory.sync()
        return true
    }

    /// Removes hidden temporary files older than `age` seconds left in `directory` by a writer that
    /// died between staging and renaming.
    public static func removeStaleTemporaries(in directory: Directory, olderThan age: Double, now: Double) {
        guard let names = try? directory.entries() else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            if let mtime = directory.modificationTime(name), now - mtime > age {
                try? directory.remove(name)
            }
        }
    }
}
