import CLinuxShim
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Exclusive locks named by strings, shared by every process that opens the same file: a name
/// stands for one byte of the file (at a 63-bit hash of the name), locked with an open file
/// description lock (`F_OFD_SETLK`). Taking or giving one back is a call into the kernel with no
/// I/O and no file created; the kernel drops them all when the holder's descriptor closes, with
/// its process if it dies. Two `NamedLocks` on one file exclude each other as two processes do.
///
/// Two names could share a byte; with 2^63 bytes to choose from, that is not expected to
/// happen, and would only make one wait for the other.
public final class NamedLocks: Sendable {
    public let path: String
    /// The file, opened at the first lock, and the names this object holds.
    private let state = Mutex<(fd: Int32?, held: Set<String>)>((nil, []))

    public init(path: String) {
        self.path = path
    }

    deinit {
        if let fd = state.withLock({ $0.fd }) { close(fd) }
    }

    /// Takes `name`: true when this object holds it now (or held it already), false while
    /// another holder does. A lock that cannot be had for another reason (the file cannot be
    /// opened) is not a refusal: true.
    public func tryLock(_ name: String) -> Bool {
        state.withLock { state in
            if state.held.contains(name) { return true }
            guard let fd = state.fd ?? open() else { return true }
            state.fd = fd
            if clinux_lock_byte(fd, Self.offset(of: name), 1) != 0 {
                return !(errno == EAGAIN || errno == EACCES)
            }
            state.held.insert(name)
            return true
        }
    }

    /// Gives `name` back, when this object holds it.
    public func unlock(_ name: String) {
        state.withLock { state in
            guard state.held.remove(name) != nil, let fd = state.fd else { return }
            _ = clinux_lock_byte(fd, Self.offset(of: name), 0)
        }
    }

    /// Opens the file, creating it (and its folder) when missing; nil when it cannot be.
    private func open() -> Int32? {
        var fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try? Directory.makePath(String(path[..<slash]))
            fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        }
        return fd >= 0 ? fd : nil
    }

    /// The byte standing for `name`: FNV-1a over its UTF-8, kept to 63 bits (an offset is signed).
    static func offset(of name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}
