import Foundation

/// A completed transfer: whatever status the server sent, with the headers of the final response.
///
/// 4xx and 5xx statuses are responses, not errors, so callers can read headers such as `Retry-After`.
public struct CurlResponse: Sendable {
    /// One response in a redirect chain: the URL that was requested and the status it answered with.
    public struct Hop: Sendable, Hashable {
        /// The HTTP status of this response, such as 301.
        public var status: Int
        /// The URL that produced this response.
        public var url: String

        /// Creates a hop.
        public init(status: Int, url: String) {
            self.status = status
            self.url = url
        }
    }

    /// The final HTTP status. A successful `file://` read, which has no status, reports 200.
    public var status: Int
    /// The URL of the final response, after redirects.
    public var effectiveURL: String
    /// The headers of the final response only, names lowercased, in the order received.
    public var headers: [HTTPHeader]
    /// The body, decoded if the server applied a content encoding.
    public var body: Data
    /// How many redirects were followed.
    public var redirectCount: Int
    /// Body bytes as transferred on the wire (before decoding) for the final response.
    public var downloadedBytes: Int64
    /// Wall time of the whole transfer, redirects included.
    public var totalTime: Duration
    /// Every response in order, the final one last; callers tell a permanent move (301, 308) from a temporary
    /// one (302, 303, 307) by looking at the statuses of the earlier hops.
    public var hops: [Hop]

    /// Creates a response; mainly for test doubles of code that consumes responses.
    public init(
        status: Int,
        effectiveURL: String,
        headers: [HTTPHeader] = [],
        body: Data = Data(),
        redirectCount: Int = 0,
        downloadedBytes: Int64 = 0,
        totalTime: Duration = .zero,
        hops: [Hop] = []
    ) {
        self.status = status
        self.effectiveURL = effectiveURL
        self.headers = headers
        self.body = body
        self.redirectCount = redirectCount
        self.downloadedBytes = downloadedBytes
        self.totalTime = totalTime
        self.hops = hops.isEmpty ? [Hop(status: status, url: effectiveURL)] : hops
    }

    /// The redirect responses that led to the final one (every hop but the last).
    public var redirects: [Hop] { Array(hops.dropLast()) }

    /// The last value of the header `name` in the final response, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.last { $0.name == key }?.value
    }

    /// Every value of the header `name` in the final response, in order.
    public func headerValues(_ name: String) -> [String] {
        let key = name.lowercased()
        return headers.filter { $0.name == key }.map(\.value)
    }
}
