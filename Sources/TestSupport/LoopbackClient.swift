import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw TCP client for servers under test on 127.0.0.1: sends exactly the bytes given (a
/// malformed, partial or oversized request as readily as a good one) and reads the answer.
///
/// The socket calls block, so each exchange runs on a thread of its own: a test that waits for
/// a slow server must not hold one of the few threads the server's own tasks need.
public enum LoopbackClient {
    /// An HTTP response as read off the socket.
    public struct Response: Sendable {
        public var status: Int
        /// Header names lowercased, in order.
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// How long the exchange took, from connect to the server closing.
        public var elapsed: Duration

        public func header(_ name: String) -> String? {
            headers.last { $0.name == name.lowercased() }?.value
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends a request for `path` with `method` and reads the response.
    public static func request(
        port: Int, method: String = "GET", path: String, timeout: Duration = .seconds(10)
    ) async throws(LoopbackServerError) -> Response {
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
        return try await exchange(port: port, sending: Array(head.utf8), timeout: timeout)
    }

    /// Connects to 127.0.0.1:`port`, sends `bytes` (and nothing else, without closing the sending
    /// side), reads until the server closes or `timeout` passes, and parses what came back.
    public static func exchange(
        port: Int, sending bytes: [UInt8], timeout: Duration = .seconds(10)
    ) async throws(LoopbackServerError) -> Response {
        typealias Outcome = Result<Response, LoopbackServerError>
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let thread = Thread {
                do throws(LoopbackServerError) {
                    let response = try blockingExchange(port: port, sending: bytes, timeout: timeout)
                    continuation.resume(returning: .success(response))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "loopback-client"
            thread.start()
        }
        return try outcome.get()
    }

    private static func blockingExchange(
        port: Int, sending bytes: [UInt8], timeout: Duration
    ) throws(LoopbackServerError) -> Response {
        let started = ContinuousClock.now
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError("socket", errno: errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw LoopbackServerError("connect", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            // The server may answer and close before taking everything (an oversized request).
            guard sent > 0 else { break }
            offset += sent
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = started + timeout
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = ContinuousClock.now.duration(to: deadline).components
            let milliseconds = left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000 + 1
            let ready = poll(&descriptor, 1, Int32(clamping: milliseconds))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return parse(received, elapsed: started.duration(to: .now))
    }

    /// Splits a raw response; status 0 when nothing parseable came back.
    static func parse(_ bytes: [UInt8], elapsed: Duration) -> Response {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else {
            return Response(status: 0, headers: [], body: bytes, elapsed: elapsed)
        }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: headers, body: Array(bytes[end.upperBound...]), elapsed: elapsed)
    }
}
