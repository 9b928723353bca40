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

    /// Sends `fields` (such as `["READY=1", "STATUS=…"]`) in one datagram.
    ///
    /// Never blocks: were the receiver's queue full, a blocking send would hold the calling
    /// task (and a thread of the cooperative pool) until systemd read; the datagram is dropped
    /// instead, which for a watchdog ping or a status line costs nothing.
    ///
    /// - Returns: false when there is no socket or the datagram could not be sent (systemd
    ///   treats notifications as best effort too).
    @discardableResult
    public func notify(_ fields: [String]) -> Bool {
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
        let message = Array(fields.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                message.withUnsafeBytes { bytes in
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), address, length)
                }
            }
        }
        return sent == message.count
    }
}
