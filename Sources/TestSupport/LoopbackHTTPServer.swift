import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests of HTTP clients: real sockets, no internet.
///
/// It listens on an ephemeral port and serves each connection on its own thread, so a response that stalls
/// (``HTTPTestResponse/neverAnswer``, slow drips, delays) does not hold up others. Every response carries
/// `Connection: close` and the connection is closed after it. ``stop()`` (also run by `deinit`) wakes every
/// thread, waits for them and closes the sockets, so tests never hang on a server.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request in
///     request.path == "/feed" ? .ok(body: "<rss/>", contentType: "application/rss+xml") : .status(404)
/// }
/// defer { server.stop() }
/// let url = server.url("/feed")
/// ```
public final class LoopbackHTTPServer: Sendable {
    private let core: LoopbackServerCore

    /// Starts a server that answers every request with `handler`'s response.
    ///
    /// - Parameter handler: called on a connection thread for each request, possibly concurrently.
    /// - Throws: ``LoopbackServerError`` when the socket cannot be created or bound.
    public init(handler: @escaping @Sendable (HTTPTestRequest) -> HTTPTestResponse) throws {
        core = try LoopbackServerCore(handler: handler)
        core.start()
    }

    /// Starts a server that answers every request with the RSS document `feed`, the first one
    /// only after `stall` seconds: a fetch that holds a process (its drain, its lock on the feed)
    /// while the test acts beside it.
    public static func stallingFirstRequest(for stall: Double, feed: String) throws -> LoopbackHTTPServer {
        let answered = Mutex(0)
        return try LoopbackHTTPServer { _ in
            let first = answered.withLock { count in
                count += 1
                return count == 1
            }
            var response = HTTPTestResponse.ok(body: feed, contentType: "application/rss+xml")
            if first { response.delayBeforeHeaders = stall }
            return response
        }
    }

    /// Starts a server that serves fixed responses by path (query string ignored) and 404 for anything else.
    public convenience init(routes: [String: HTTPTestResponse]) throws {
        try self.init { request in
            routes[request.pathWithoutQuery] ?? .status(404, body: "not found")
        }
    }

    deinit {
        core.stop()
    }

    /// The port the server listens on.
    public var port: Int { core.port }

    /// An absolute URL on this server: `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> String {
        let separator = path.hasPrefix("/") ? "" : "/"
        return "http://127.0.0.1:\(port)\(separator)\(path)"
    }

    /// Every request received so far, in arrival order.
    public var requests: [HTTPTestRequest] { core.requests }

    /// Waits until at least `count` requests have arrived; `false` if that did not happen within `timeout`.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while core.requests.count < count {
            guard clock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Stops serving: wakes and joins every thread and closes the sockets. Later calls do nothing.
    ///
    /// Must not be called from inside the handler, which runs on one of the threads this waits for.
    public func stop() {
        core.stop()
    }
}
