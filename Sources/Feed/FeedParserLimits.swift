extension FeedParser {
    /// Bounds that keep one hostile or broken document from costing more than it is worth. Reaching one records a
    /// ``FeedParseError`` with code `.limit`; it never crashes.
    public struct Limits: Sendable, Equatable {
        /// Text kept per element (a title, a description); the rest is dropped. Default 1 MiB.
        public var maxTextBytes: Int
        /// Element nesting allowed before parsing stops. Default 256.
        public var maxDepth: Int
        /// Errors listed in ``FeedDocument/errors``; further ones are only counted. Default 10.
        public var maxErrors: Int

        public init(maxTextBytes: Int = 1 << 20, maxDepth: Int = 256, maxErrors: Int = 10) {
            self.maxTextBytes = maxTextBytes
            self.maxDepth = maxDepth
            self.maxErrors = maxErrors
        }
    }
}
