#if canImport(Glibc)
import Glibc
#endif

/// An exporter could not start or write: the address it could not listen on, or the textfile
/// it could not replace, with the reason in one line.
public struct TelemetryError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidAddress = "invalid address"
            case listen
            case textfile
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The listen address is not a numeric IPv4 or IPv6 address with a port.
        public static let invalidAddress = Code(.invalidAddress)
        /// The socket could not be created, bound or put to listen.
        public static let listen = Code(.listen)
        /// The textfile could not be written.
        public static let textfile = Code(.textfile)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// The `errno` of the failed call, or 0.
    public var errno: Int32

    public init(code: Code, message: String, errno: Int32 = 0) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// An error for the system call that just failed, with `strerror` of the current `errno`.
    static func fromErrno(_ code: Code, _ what: String) -> TelemetryError {
        let number = Glibc.errno
        return TelemetryError(code: code, message: "\(what): \(String(cString: strerror(number)))", errno: number)
    }

    public var description: String { message }
}
