#if canImport(Glibc)
import Glibc
#endif

/// Runs a system call, retrying while it is interrupted by a signal, and throws a
/// ``FileError`` naming `operation` and `path` when it fails.
@discardableResult
func syscall(_ operation: String, path: String, _ body: () -> Int32) throws(FileError) -> Int32 {
    while true {
        let result = body()
        if result >= 0 { return result }
        if errno == EINTR { continue }
        throw FileError.fromErrno(operation, path: path)
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(FileError) {
    // `withUnsafeBytes` rethrows untyped errors: the typed one is carried out by hand.
    let failure: FileError? = bytes.withUnsafeBytes { raw in
        do throws(FileError) { try writeAll(fd, raw, path: path) } catch { return error }
        return nil
    }
    if let failure { throw failure }
}

/// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileError) {
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            throw FileError.fromErrno("write", path: path)
        }
        offset += written
    }
}

/// Reads the rest of the file open at `fd`; `path` only names it in errors.
public func readWholeFile(_ fd: Int32, path: String) throws(FileError) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw FileError.fromErrno("read", path: path)
        }
        if count == 0 { return result }
        result.append(contentsOf: chunk[0..<count])
    }
}
