/// A problem met while parsing one feed document.
///
/// Like feedparser's "bozo" flag these never discard work: items parsed before a break are still returned in
/// ``FeedDocument/items`` and the problems are listed beside them.
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable classification of the problem, so callers can react without matching message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The XML parser reported a well-formedness or encoding problem (it recovers where it can).
        public static let malformed = Code(rawValue: "malformed")
        /// The document has no content at all (or only whitespace).
        public static let empty = Code(rawValue: "empty")
        /// The document parsed, but it is not a feed (e.g. an HTML page).
        public static let notAFeed = Code(rawValue: "not-a-feed")
        /// A safety limit (text size, nesting depth) was reached; parsing stopped or text was truncated.
        public static let limit = Code(rawValue: "limit")
        /// A character-encoding label (the declaration's, or the HTTP charset) is unknown or does not fit the bytes,
        /// or bytes invalid in the encoding were replaced; the document was read all the same.
        public static let encoding = Code(rawValue: "encoding")
        /// A JSON Feed document could not be decoded.
        public static let json = Code(rawValue: "json")
    }

    public var code: Code
    /// The 1-based line of the document where the problem was detected, when known.
    public var line: Int?
    public var message: String

    public init(_ code: Code = .malformed, line: Int? = nil, message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public init(line: Int?, message: String) {
        self.init(.malformed, line: line, message: message)
    }

    /// One line, e.g. `line 12: Opening and ending tag mismatch: title and item`.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
