import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how the service is doing, without libsystemd: one datagram of `KEY=VALUE` lines
/// to the socket named by `$NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace).
///
/// Outside systemd (`$NOTIFY_SOCKET` unset) every call does nothing.
public struct SystemdNotifier: Sendable {
    /// The socket address, or nil when not run by systemd with notify support.
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC`: how often the watchdog must hear from the service, if asked.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if path != nil, let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// How long a state change (`READY=1`, `RELOADING=1`, `STOPPING=1`) waits for room in
    /// systemd's queue. The queue of a datagram socket holds few messages (ten by default on
    /// Linux, `net.unix.max_dgram_qlen`), shared by every service that notifies; a lost
    /// `READY=1` would fail the start after `TimeoutStartSec`, so it is worth a short wait.
    public static let stateChangePatience: Duration = .seconds(5)

    /// Sends `fields` (such as `["READY=1", "STATUS=…"]`) in one datagram.
    ///
    /// With no `patience` it never blocks: a watchdog ping or a status line that finds the
    /// queue full is dropped (the next one follows soon), rather than hold the calling task and
    /// a thread of the cooperative pool until systemd reads. With `patience`, a full queue is
    /// waited on (the socket is connected, so `poll` says when there is room) for that long.
    ///
    /// - Returns: false when there is no socket or the datagram could not be sent in time
    ///   (systemd treats notifications as best effort too).
    @discardableResult
    public func notify(_ fields: [String], patience: Duration = .zero) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (bytes.first == 0 ? 0 : 1))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return false }
        let message = Array(fields.joined(separator: "\n").utf8)
        let deadline = ContinuousClock.now.advanced(by: patience)
        while true {
            let sent = message.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent == message.count { return true }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return false }
            let left = deadline - .now
            guard left > .zero else { return false }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: max(1, seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&poller, 1, milliseconds)
        }
    }
}
