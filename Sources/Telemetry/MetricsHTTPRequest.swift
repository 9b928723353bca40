/// The part of an HTTP request the metrics endpoint looks at: the method and the path.
public struct MetricsHTTPRequest: Sendable, Equatable {
    /// `GET`, `HEAD`, ... as sent (methods are case-sensitive).
    public var method: String
    /// The request target without its query string, such as `/metrics`.
    public var path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// Reads the request line of `head` (the bytes before the blank line); nil when it is not
    /// `METHOD SP TARGET SP HTTP/1.x`.
    public init?(head: ArraySlice<UInt8>) {
        let line = head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].first == UInt8(ascii: "/"),
            parts[2].starts(with: Array("HTTP/1.".utf8)),
            parts[0].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
        else { return nil }
        method = String(decoding: parts[0], as: UTF8.self)
        let target = parts[1].prefix { $0 != UInt8(ascii: "?") }
        path = String(decoding: target, as: UTF8.self)
    }
}
