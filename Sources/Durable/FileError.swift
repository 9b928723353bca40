#if canImport(Glibc)
import Glibc
#endif

/// A failed file-system operation, with the path and the call that failed.
///
/// `code` is coarse on purpose: callers branch on "the disk is full" or "it already exists",
/// while `errno` and `message` keep the detail for the log line.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this was.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case notFound, alreadyExists, noSpace, permissionDenied, io, invalid }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The path (or a parent folder) does not exist.
        public static let notFound = Code(.notFound)
        /// A name that must be new is taken.
        public static let alreadyExists = Code(.alreadyExists)
        /// The file system is full (or a quota is exhausted).
        public static let noSpace = Code(.noSpace)
        /// The process may not do this.
        public static let permissionDenied = Code(.permissionDenied)
        /// Any other I/O failure, including a failed `fsync`.
        public static let io = Code(.io)
        /// The content or the request is malformed.
        public static let invalid = Code(.invalid)

        public var description: String { value.rawValue }

        init(errno: Int32) {
            switch errno {
            case ENOENT, ENOTDIR: self = .notFound
            case EEXIST: self = .alreadyExists
            case ENOSPC, EDQUOT: self = .noSpace
            case EACCES, EPERM, EROFS: self = .permissionDenied
            case EINVAL, ENAMETOOLONG: self = .invalid
            default: self = .io
            }
        }
    }

    public var code: Code
    /// The system call or step that failed, such as `fsync` or `rename`.
    public var operation: String
    public var path: String
    /// The `errno` value, or 0 when the failure did not come from the kernel.
    public var errno: Int32
    public var message: String

    public init(code: Code, operation: String, path: String, errno: Int32 = 0, message: String? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
        self.errno = errno
        self.message = message ?? (errno != 0 ? String(cString: strerror(errno)) : code.description)
    }

    /// The ``operation`` of a failed directory fsync: after one, the names changed since the
    /// last good sync may not survive a crash, and no later sync can be trusted to fix that.
    public static let directorySync = "fsync directory"

    /// An error for the current `errno` after a failed call.
    public static func fromErrno(_ operation: String, path: String, errno: Int32 = Glibc.errno) -> FileError {
        FileError(code: Code(errno: errno), operation: operation, path: path, errno: errno)
    }

    public var description: String { "\(operation) \(path): \(message)" }
}
