/// Why a request produced no response.
///
/// A struct rather than an enum so that new codes can be added without breaking callers; switch on ``code``
/// with `==` against the static members of ``Code``.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, stable enough for metric labels and retry decisions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case couldNotResolve, couldNotConnect, timedOut, tooManyRedirects, tooLarge
            case unsupportedProtocol, tls, invalidRequest, cancelled, shutdown, other
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The host name (or proxy name) did not resolve.
        public static let couldNotResolve = Code(.couldNotResolve)
        /// The TCP connection was refused or could not be made.
        public static let couldNotConnect = Code(.couldNotConnect)
        /// A connect, total or low-speed timeout fired.
        public static let timedOut = Code(.timedOut)
        /// More redirects than ``CurlRequest/maxRedirects``.
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The body was larger than ``CurlRequest/maxBytes`` (declared or counted).
        public static let tooLarge = Code(.tooLarge)
        /// The URL or a redirect used a scheme that is not allowed, such as `file://` from a web server.
        public static let unsupportedProtocol = Code(.unsupportedProtocol)
        /// TLS handshake or certificate verification failed.
        public static let tls = Code(.tls)
        /// The request itself was malformed (bad URL, a header containing a line break).
        public static let invalidRequest = Code(.invalidRequest)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The client was shut down before the transfer finished.
        public static let shutdown = Code(.shutdown)
        /// Anything else, such as a connection reset or a truncated body; see ``CurlError/curlCode``.
        public static let other = Code(.other)

        /// The code's name, such as `timedOut`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The raw `CURLcode` when libcurl reported the failure; `nil` for cancellation and shutdown.
    public var curlCode: Int?
    /// The URL that was requested.
    public var url: String
    /// One line for humans, including libcurl's detailed error text when there is one.
    public var message: String

    /// Creates an error; mainly for test doubles of code that consumes ``CurlClient``.
    public init(code: Code, url: String, message: String, curlCode: Int? = nil) {
        self.code = code
        self.url = url
        self.message = message
        self.curlCode = curlCode
    }

    /// The message.
    public var description: String { message }

    /// The code's name without URL or numbers, suitable as a metric label.
    public var shortDescription: String { code.description }
}

extension CurlError {
    static func cancelled(url: String) -> CurlError {
        CurlError(code: .cancelled, url: url, message: "request for \(url) was cancelled")
    }

    static func shutdown(url: String) -> CurlError {
        CurlError(code: .shutdown, url: url, message: "request for \(url) failed: the client has shut down")
    }

    static func invalidRequest(url: String, _ reason: String) -> CurlError {
        CurlError(code: .invalidRequest, url: url, message: "invalid request for \(url): \(reason)")
    }
}
