/// A request as the ``LoopbackHTTPServer`` received it: the request line and the header fields.
///
/// Bodies are not read; the server exists to test clients that send GET requests.
public struct HTTPTestRequest: Sendable {
    /// The method, such as `GET`.
    public var method: String
    /// The request target as sent, query string included, such as `/feed.xml?page=2`.
    public var path: String
    /// The protocol version, such as `HTTP/1.1`.
    public var version: String
    /// The header fields in order, names as sent.
    public var headers: [(name: String, value: String)]

    /// Creates a request; the server builds these, tests normally only read them.
    public init(method: String, path: String, version: String = "HTTP/1.1",
                headers: [(name: String, value: String)] = []) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
    }

    /// The path without its query string.
    public var pathWithoutQuery: String {
        String(path.prefix { $0 != "?" })
    }

    /// The value of the first header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name.lowercased() == key }?.value
    }

    /// Parses a request head (everything before the blank line), or returns `nil` when the request line is
    /// malformed.
    init?(head: String) {
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + " " + line.trimmingCharacters(in: .whitespaces)))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        self.init(method: String(requestLine[0]), path: String(requestLine[1]), version: String(requestLine[2]),
                  headers: headers)
    }
}
