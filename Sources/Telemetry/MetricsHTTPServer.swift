import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A deliberately small HTTP/1.1 server on a plain socket: one connection at a time, one
/// request per connection, on a thread of its own.
///
/// It serves Prometheus scrapes, nothing else, so it needs no event loop: ``serve()`` blocks in
/// `poll` on the listening socket and a stop pipe, handles each connection to the end, and
/// returns when ``stop()`` writes to the pipe, closing the listening socket (a server serves
/// once). Every wait on a client is bounded (see
/// ``Limits``), so a client that sends slowly, too much, or never reads cannot hold the
/// endpoint for longer than the limits allow.
public final class MetricsHTTPServer: Sendable {
    /// What one connection may take.
    public struct Limits: Sendable {
        /// The longest request head (request line and headers) accepted; longer ones get 431.
        public var maxHeadBytes: Int
        /// How long the whole request head may take to arrive, from accept.
        public var readTimeout: Duration
        /// How long the client may take to accept the whole response.
        public var writeTimeout: Duration

        public init(
            maxHeadBytes: Int = 8192, readTimeout: Duration = .seconds(5), writeTimeout: Duration = .seconds(10)
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.readTimeout = readTimeout
            self.writeTimeout = writeTimeout
        }
    }

    /// The port the socket is bound to (the one chosen by the kernel when 0 was asked for).
    public let port: Int
    /// `host:port`, with brackets around an IPv6 host.
    public let address: String
    let limits: Limits
    let respond: @Sendable (MetricsHTTPRequest) -> MetricsHTTPResponse
    /// The listening socket; -1 once ``serve()`` has returned and closed it.
    private let listener: Atomic<Int32>
    private let serving = Atomic<Bool>(false)

    /// Whether ``serve()`` is accepting connections on its thread.
    public var isServing: Bool { serving.load(ordering: .acquiring) }
    /// Read and write ends of the pipe that wakes ``serve()`` to stop.
    private let stopReader: Int32
    private let stopWriter: Int32

    /// Binds `host` (a numeric IPv4 or IPv6 address) and `port`, and starts listening; requests
    /// are accepted only once ``serve()`` runs.
    public init(
        host: String, port: Int, limits: Limits = Limits(),
        respond: @escaping @Sendable (MetricsHTTPRequest) -> MetricsHTTPResponse
    ) throws(TelemetryError) {
        let shown = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard var socketAddress = SocketAddress(host: host, port: port) else {
            throw TelemetryError(
                code: .invalidAddress,
                message: "cannot listen on \(shown): not a numeric IPv4 or IPv6 address and port")
        }
        let fd = socket(socketAddress.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TelemetryError.fromErrno(.listen, "cannot listen on \(shown): socket") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard socketAddress.bind(fd), listen(fd, 16) == 0, let boundPort = socketAddress.boundPort(fd) else {
            let error = TelemetryError.fromErrno(.listen, "cannot listen on \(shown)")
            close(fd)
            throw error
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let error = TelemetryError.fromErrno(.listen, "cannot listen on \(shown): pipe")
            close(fd)
            throw error
        }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        listener = Atomic(fd)
        stopReader = ends[0]
        stopWriter = ends[1]
        self.port = boundPort
        self.address = host.contains(":") ? "[\(host)]:\(boundPort)" : "\(host):\(boundPort)"
        self.limits = limits
        self.respond = respond
    }

    deinit {
        let fd = listener.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
        close(stopReader)
        close(stopWriter)
    }

    /// Accepts and answers connections one after another until ``stop()``; blocks the calling
    /// thread throughout, so run it on a thread of its own.
    public func serve() {
        let listener = listener.load(ordering: .acquiring)
        guard listener >= 0 else { return }
        serving.store(true, ordering: .releasing)
        defer {
            serving.store(false, ordering: .releasing)
            // The port is free again as soon as serving stops, not when the last reference goes.
            if self.listener.exchange(-1, ordering: .acquiringAndReleasing) >= 0 { close(listener) }
        }
        while Self.wait(for: listener, events: POLLIN, stopReader: stopReader, until: nil) == .ready {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors, or the client left before accept: pause rather than spin.
                _ = Self.wait(for: -1, events: 0, stopReader: stopReader, until: .now + .milliseconds(50))
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            MetricsHTTPConnection(socket: client, stopReader: stopReader, limits: limits).serve(respond)
            close(client)
        }
    }

    /// Makes ``serve()`` return (at once, or as soon as it is called). Safe from any thread, and
    /// more than once.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopWriter, &byte, 1)
    }

    enum Readiness { case ready, stopped, timedOut }

    /// Polls `descriptor` (ignored when negative) together with the stop pipe, until `deadline`
    /// (nil: no deadline).
    static func wait(
        for descriptor: Int32, events: Int32, stopReader: Int32, until deadline: ContinuousClock.Instant?
    ) -> Readiness {
        var descriptors = [
            pollfd(fd: stopReader, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(events), revents: 0),
        ]
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero { return .timedOut }
                let (seconds, attoseconds) = left.components
                timeout = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            let result = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { return .stopped }
            if result == 0 { continue }  // the deadline check above decides
            if descriptors[0].revents != 0 { return .stopped }
            return .ready
        }
    }
}
