#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a ``LoopbackHTTPServer`` could not start.
public struct LoopbackServerError: Error, Sendable, CustomStringConvertible {
    /// The system call that failed, such as `bind`.
    public var operation: String
    /// The `errno` value it left.
    public var errno: Int32
    /// One line naming the call and the system's explanation.
    public var message: String

    init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
        self.message = "loopback HTTP server: \(operation) failed: \(String(cString: strerror(errno)))"
    }

    /// The message.
    public var description: String { message }
}
