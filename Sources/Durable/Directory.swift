import CLinuxShim

#if canImport(Glibc)
import Glibc
#endif

/// An open directory: the anchor for every durable operation on the files inside it.
///
/// On Linux a new, renamed or removed name is only durable once its directory has been
/// fsynced, so the queue and the writers keep the directory open and call ``sync()`` after
/// changing its entries. Names are single path components relative to the directory.
///
/// Every method may be called from several threads; the descriptor is closed in `deinit`.
public final class Directory: @unchecked Sendable {
    public let path: String
    /// The open descriptor (`O_DIRECTORY`), owned by this object and closed in `deinit`.
    public let fd: Int32

    /// Opens `path`, creating it and its missing parents when `create` is true.
    public init(path: String, create: Bool = false) throws(FileError) {
        if create { try Directory.makePath(path) }
        self.path = path
        self.fd = try syscall("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    deinit { Glibc.close(fd) }

    /// Makes the directory's entries durable.
    ///
    /// A failure means the entries may be lost: callers must treat what they just wrote as not
    /// stored, and never retry the sync hoping for success (the kernel reports a writeback
    /// error once and may then report success without the data).
    public func sync() throws(FileError) {
        try syscall(FileError.directorySync, path: path) { fsync(fd) }
        FileChange.report(.syncedFolder(path: path))
    }

    /// The full path of `name` inside this directory.
    public func pathOf(_ name: String) -> String { path + "/" + name }

    /// Moves `name` to `newName` in `target`, failing with ``FileError/Code-swift.struct/alreadyExists``
    /// instead of replacing an existing file.
    public func moveNoReplace(_ name: String, to target: Directory, as newName: String) throws(FileError) {
        try syscall("rename", path: pathOf(name) + " -> " + target.pathOf(newName)) {
            clinux_rename_noreplace(fd, name, target.fd, newName)
        }
        FileChange.report(.renamed(folder: path, name: name, target: target.path, newName: newName, replacing: false))
    }

    /// Moves `name` to `newName` in `target`, replacing whatever is there.
    public func moveReplacing(_ name: String, to target: Directory, as newName: String) throws(FileError) {
        try syscall("rename", path: pathOf(name) + " -> " + target.pathOf(newName)) {
            renameat(fd, name, target.fd, newName)
        }
        FileChange.report(.renamed(folder: path, name: name, target: target.path, newName: newName, replacing: true))
    }

    /// Removes the file `name`; a missing file is not an error.
    public func remove(_ name: String) throws(FileError) {
        if unlinkat(fd, name, 0) == 0 {
            FileChange.report(.removed(folder: path, name: name))
        } else if errno != ENOENT {
            throw FileError.fromErrno("unlink", path: pathOf(name))
        }
    }

    /// Whether an entry called `name` exists.
    public func contains(_ name: String) -> Bool {
        var info = stat()
        return fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// The modification time of `name` in seconds since the epoch, or nil when it is gone.
    public func modificationTime(_ name: String) -> Double? {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The names in this directory, without `.`, `..` and hidden names, in no particular order.
    ///
    /// The cost is proportional to the number of entries in this directory only, which is why
    /// the queue keeps ready, claimed and finished items in separate directories.
    public func names() throws(FileError) -> [String] {
        try entries().filter { !$0.hasPrefix(".") }
    }

    /// Every name in this directory except `.` and `..`, hidden ones included.
    public func entries() throws(FileError) -> [String] {
        let dupFD = try syscall("dup", path: path) { dup(fd) }
        guard let stream = fdopendir(dupFD) else {
            let error = FileError.fromErrno("opendir", path: path)
            Glibc.close(dupFD)
            throw error
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var result: [String] = []
        // A record from readdir is only as long as its name: `entry.pointee` would copy the whole
        // 280-byte struct and can read past the end of the kernel's buffer into an unmapped page.
        // The name is read in place, up to its terminating zero.
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(stream) {
            let namePointer = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let name = String(cString: namePointer)
            if name != ".", name != ".." { result.append(name) }
        }
        return result
    }

    /// Reads the whole file `name`.
    public func read(_ name: String) throws(FileError) -> [UInt8] {
        let fd = try syscall("open", path: pathOf(name)) { openat(self.fd, name, O_RDONLY | O_CLOEXEC) }
        defer { Glibc.close(fd) }
        return try readWholeFile(fd, path: pathOf(name))
    }

    /// Creates `path` and any missing parent directories, durably: the parent of each folder
    /// created is fsynced, since a new folder's name is no more durable than a new file's.
    /// Without it a power cut could take back a new `new/` folder with every item fsynced in it.
    public static func makePath(_ path: String) throws(FileError) {
        var parent = path.hasPrefix("/") ? "/" : "."
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) == 0 {
                FileChange.report(.madeFolder(path: current))
                try Directory(path: parent).sync()
            } else if errno != EEXIST {
                throw FileError.fromErrno("mkdir", path: current)
            }
            parent = current
        }
    }
}
