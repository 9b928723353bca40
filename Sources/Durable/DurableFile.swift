import CLinuxShim

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

    /// The most files ``stageAll(_:in:)`` keeps open at once; a larger batch is synced in parts.
    static let openAtOnce = 256

    /// Writes each payload to a new hidden file in `directory` and makes them all durable together.
    ///
    /// Why not ``stage(_:in:hint:)`` in a loop: each fsync then starts the writing of its file
    /// and waits for it, one file after the other. Here every file is written first, the writing
    /// back of all of them is started at once (`sync_file_range`), and only then is each fsynced,
    /// when most of its data is already on its way: measured on ext4, about twice the rate of an
    /// fsync per file for batches of 50. Only this batch's files are touched (`syncfs` was as
    /// fast on a quiet disk, but it waits for every other program's writes too: seconds to a
    /// minute after a large build), and each fsync reports the errors of its own file only.
    /// A batch larger than ``openAtOnce`` is written and synced in parts of that size, so that
    /// it never needs more descriptors than a service is allowed (often 1,024).
    ///
    /// `reusing` holds existing hidden files of `directory` to overwrite instead of creating
    /// files, for the first payloads in order (the inbox hands over finished items this way):
    /// each is open for writing, and this call owns and closes its descriptor. A reused file is
    /// overwritten from its start and cut to the payload's length, then synced like a new one.
    ///
    /// Any failure removes every file of the batch.
    ///
    /// - Returns: the temporary names, in the order of `payloads`.
    public static func stageAll(
        _ payloads: [(hint: String, bytes: [UInt8])], in directory: Directory,
        reusing reuse: [(fd: Int32, name: String)] = []
    ) throws(FileError) -> [String] {
        precondition(reuse.count <= payloads.count, "more files to reuse than payloads")
        var open: [(fd: Int32, name: String)] = []
        open.reserveCapacity(payloads.count)
        var reused = 0
        func abandon() {
            for file in reuse[reused...] {
                Glibc.close(file.fd)
                try? directory.remove(file.name)
            }
            for file in open {
                if file.fd >= 0 { Glibc.close(file.fd) }
                try? directory.remove(file.name)
            }
        }
        do throws(FileError) {
            // At most `openAtOnce` descriptors at a time: a daemon's limit is often 1,024.
            for start in stride(from: 0, to: payloads.count, by: openAtOnce) {
                let chunk = start..<min(start + openAtOnce, payloads.count)
                for payload in payloads[chunk] {
                    if reused < reuse.count {
                        let file = reuse[reused]
                        reused += 1
                        open.append(file)
                        let path = directory.pathOf(file.name)
                        try writeAll(file.fd, payload.bytes, path: path)
                        try syscall("ftruncate", path: path) { ftruncate(file.fd, off_t(payload.bytes.count)) }
                        FileChange.report(.rewritten(folder: directory.path, name: file.name, bytes: payload.bytes))
                        continue
                    }
                    let name = temporaryName(hint: payload.hint)
                    let path = directory.pathOf(name)
                    let fd = try syscall("open", path: path) {
                        openat(directory.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                    }
                    open.append((fd, name))
                    try writeAll(fd, payload.bytes, path: path)
                    FileChange.report(.created(folder: directory.path, name: name, bytes: payload.bytes))
                }
                try syncTogether(Array(open[chunk]), in: directory)
                for index in chunk {
                    let fd = open[index].fd
                    open[index].fd = -1
                    // close can report a deferred write error on some file systems: it counts.
                    if Glibc.close(fd) != 0 { throw FileError.fromErrno("close", path: directory.pathOf(open[index].name)) }
                }
            }
        } catch {
            abandon()
            throw error
        }
        return open.map(\.name)
    }

    /// A fresh hidden name for a file being staged (``TemporaryName``):
    /// ``removeStaleTemporaries(in:olderThan:now:)`` recognises it.
    public static func temporaryName(hint: String) -> String {
        TemporaryName.make(hint: hint)
    }

    /// Makes the data of `files` (open, just written in `directory`) durable: writeback of all
    /// of them started first, then an fsync of each.
    private static func syncTogether(_ files: [(fd: Int32, name: String)], in directory: Directory) throws(FileError) {
        // Only a hint: a failure here leaves the fsyncs below to do the whole work.
        if files.count > 1 { for file in files { _ = clinux_start_writeback(file.fd) } }
        for file in files {
            try syscall("fsync", path: directory.pathOf(file.name)) { fsync(file.fd) }
            FileChange.report(.synced(folder: directory.path, name: file.name))
        }
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

    /// Replaces (or creates) `name` in `directory` with what `produce` writes, a piece at a time,
    /// atomically and durably, as ``replace(_:in:with:)`` does.
    ///
    /// Why: a large file (the JSON digest of a busy day, tens of megabytes) need never be held
    /// whole in memory; the pieces go to the staged file as they are made. An error thrown by
    /// `produce` or by a write removes the staged file and leaves `name` as it was.
    public static func replace(
        _ name: String, in directory: Directory, producing produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let temporary = temporaryName(hint: name)
        let path = directory.pathOf(temporary)
        let fd = try syscall("open", path: path) {
            openat(directory.fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        var open = true
        // Crash-state tests see the file as created whole; the copy is kept only for them.
        var recorded: [UInt8]? = FileChange.recorder == nil ? nil : []
        do {
            try produce { piece in
                try writeAll(fd, piece, path: path)
                recorded?.append(contentsOf: piece)
            }
            FileChange.report(.created(folder: directory.path, name: temporary, bytes: recorded ?? []))
            try syscall("fsync", path: path) { fsync(fd) }
            FileChange.report(.synced(folder: directory.path, name: temporary))
            open = false
            if Glibc.close(fd) != 0 { throw FileError.fromErrno("close", path: path) }
            try directory.moveReplacing(temporary, to: directory, as: name)
        } catch {
            if open { Glibc.close(fd) }
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

    /// Removes hidden temporary files left in `directory` by a writer that died between staging
    /// and renaming: at once when the name says it was a process of this host and boot that no
    /// longer runs (``TemporaryName``), else once older than `age` seconds.
    public static func removeStaleTemporaries(in directory: Directory, olderThan age: Double, now: Double) {
        guard let names = try? directory.entries() else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            if TemporaryName.writerIsGone(name) {
                try? directory.remove(name)
            } else if let mtime = directory.modificationTime(name), now - mtime > age {
                try? directory.remove(name)
            }
        }
    }
}
