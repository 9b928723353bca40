import Foundation

/// What the ``LoopbackHTTPServer`` answers, including ways to misbehave for tests of hostile servers.
///
/// The server adds `Content-Length` (unless the response is ``chunked`` or sets one itself) and
/// `Connection: close`, and closes the connection after each response.
public struct HTTPTestResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields sent in order, after the status line.
    public var headers: [(name: String, value: String)]
    /// The body; not sent for 1xx, 204 and 304 responses or HEAD requests.
    public var body: Data
    /// Seconds to wait before sending anything.
    public var delayBeforeHeaders: Double
    /// When set, the body trickles out at about this many bytes per second.
    public var dripBytesPerSecond: Int?
    /// Send the body with chunked transfer encoding and no `Content-Length`.
    public var chunked: Bool
    /// Read the request, then send nothing until the client gives up or the server stops.
    public var neverAnswer: Bool
    /// When set, close the connection after this many body bytes, short of the announced length.
    public var closeAfterBodyBytes: Int?

    /// Creates a response; the static helpers cover the usual cases.
    public init(
        status: Int,
        headers: [(name: String, value: String)] = [],
        body: Data = Data(),
        delayBeforeHeaders: Double = 0,
        dripBytesPerSecond: Int? = nil,
        chunked: Bool = false,
        neverAnswer: Bool = false,
        closeAfterBodyBytes: Int? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayBeforeHeaders = delayBeforeHeaders
        self.dripBytesPerSecond = dripBytesPerSecond
        self.chunked = chunked
        self.neverAnswer = neverAnswer
        self.closeAfterBodyBytes = closeAfterBodyBytes
    }

    // MARK: - Common responses

    /// 200 with a body of bytes.
    public static func ok(body: Data, contentType: String = "application/octet-stream") -> HTTPTestResponse {
        HTTPTestResponse(status: 200, headers: [("Content-Type", contentType)], body: body)
    }

    /// 200 with a text body.
    public static func ok(body: String, contentType: String = "text/plain; charset=utf-8") -> HTTPTestResponse {
        ok(body: Data(body.utf8), contentType: contentType)
    }

    /// Any status with an optional text body and headers, e.g. `.status(503, headers: [("Retry-After", "120")])`.
    public static func status(_ code: Int, body: String = "", headers: [(name: String, value: String)] = [])
        -> HTTPTestResponse
    {
        HTTPTestResponse(status: code, headers: headers, body: Data(body.utf8))
    }

    /// A redirect to `location` (absolute or relative), 302 unless told otherwise.
    public static func redirect(to location: String, status: Int = 302) -> HTTPTestResponse {
        HTTPTestResponse(status: status, headers: [("Location", location)])
    }

    /// A response that never comes.
    public static var neverAnswering: HTTPTestResponse {
        HTTPTestResponse(status: 200, neverAnswer: true)
    }

    /// A copy with one more header field.
    public func adding(header name: String, _ value: String) -> HTTPTestResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }

    /// The reason phrase for the status line.
    var reason: String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}
