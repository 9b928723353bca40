import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A Unix datagram socket standing in for systemd's notify socket: tests bind it, hand its
/// address to the code under test as `NOTIFY_SOCKET`, and read what arrives.
public final class NotifySocket: @unchecked Sendable {
    /// The value for `NOTIFY_SOCKET`: a path, or `@name` in the abstract namespace.
    public let address: String
    private let fd: Int32

    /// Binds a socket at a fresh path in the temporary folder, or in the abstract namespace.
    public init(abstract: Bool = false) throws {
        let name = "bw-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        address = abstract ? "@" + name : NSTemporaryDirectory() + name + ".sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError("socket", errno: errno) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let error = LoopbackServerError("bind", errno: errno)
            close(fd)
            throw error
        }
    }

    deinit {
        close(fd)
        if !address.hasPrefix("@") { unlink(address) }
    }

    /// The next datagram, or nil when none arrives within `timeout` seconds.
    public func receive(timeout: Double) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// Datagrams until one contains `field` (returned) or `timeout` seconds pass (nil).
    public func waitFor(_ field: String, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = receive(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if message.split(separator: "\n").contains(Substring(field)) { return message }
        }
        return nil
    }
}
