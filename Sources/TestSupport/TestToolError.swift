/// Why a command-line tool that a test relies on (such as `openssl`) could not do its part.
public struct TestToolError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The tool is not installed (not on `PATH`).
        public static let missing = Code("missing")
        /// The tool could not be started.
        public static let cannotStart = Code("cannotStart")
        /// The tool ran but failed, or ended when it should have kept running.
        public static let failed = Code("failed")
        /// The tool did not finish, or did not become ready, in time.
        public static let timedOut = Code("timedOut")

        /// The code's name, such as `timedOut`.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// One line naming the tool and what went wrong, with the tool's own last words when it printed any.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
