/// Everything the transport needs to perform one GET request.
///
/// Every limit has a default suited to fetching documents from servers that may be slow, hostile or broken.
/// The defaults keep a single transfer from tying up the client for long or filling memory.
public struct CurlRequest: Sendable {
    /// The absolute URL to fetch (`http://`, `https://`, or `file://` when ``allowFile`` is set).
    public var url: String
    /// Extra request headers, sent verbatim and in order (for example `If-None-Match` with a stored ETag).
    public var headers: [HTTPHeader]
    /// The `User-Agent` value; `nil` sends none.
    public var userAgent: String?
    /// Longest time to establish a connection (TCP and TLS). Default 10 s.
    public var connectTimeout: Duration
    /// Longest time for the whole transfer, redirects included. Default 30 s; zero means no limit.
    public var totalTimeout: Duration
    /// Abort when fewer than this many bytes per second arrive for ``lowSpeedTime``. Default 1024; 0 disables.
    ///
    /// This catches servers that drip bytes slowly enough to dodge an idle check but would take hours to finish.
    public var lowSpeedLimit: Int
    /// How long the transfer may stay below ``lowSpeedLimit`` before it is aborted. Default 15 s (whole seconds).
    public var lowSpeedTime: Duration
    /// Largest decoded body accepted, in bytes. Default 15 MiB.
    ///
    /// Enforced by counting bytes as they are delivered, because libcurl's own size limit only checks a declared
    /// `Content-Length`: a chunked body, a close-delimited body or a small gzip body that inflates hugely would
    /// pass it.
    public var maxBytes: Int
    /// Most redirects followed. Default 5. Zero disables following: a 3xx comes back as the response.
    public var maxRedirects: Int
    /// Whether `file://` URLs may be read. Default `false`. Redirects are limited to HTTP(S) regardless.
    public var allowFile: Bool
    /// The `Accept-Encoding` offer. The default, an empty string, offers every decoder libcurl was built with
    /// and decodes the body transparently; `nil` sends no header and returns the body as received.
    public var acceptEncoding: String?
    /// Proxy URL such as `http://proxy:3128`. `nil` connects directly and ignores proxy environment variables,
    /// so that behaviour does not depend on the environment the daemon happens to run in.
    public var proxy: String?
    /// A PEM bundle of CA certificates to trust instead of the system's.
    public var caFile: String?

    /// Creates a GET request; every parameter except the URL has a conservative default.
    public init(
        url: String,
        headers: [HTTPHeader] = [],
        userAgent: String? = "brinkwatch",
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30),
        lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(15),
        maxBytes: Int = 15 * 1024 * 1024,
        maxRedirects: Int = 5,
        allowFile: Bool = false,
        acceptEncoding: String? = "",
        proxy: String? = nil,
        caFile: String? = nil
    ) {
        self.url = url
        self.headers = headers
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.allowFile = allowFile
        self.acceptEncoding = acceptEncoding
        self.proxy = proxy
        self.caFile = caFile
    }
}
