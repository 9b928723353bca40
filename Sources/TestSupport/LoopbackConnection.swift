import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One accepted connection: reads a request head, asks the handler, writes the response, closes.
struct LoopbackConnection {
    enum Readiness { case ready, stopped, timedOut, failed }

    /// How long to wait for the client to send or accept data before giving up on the connection.
    private static let ioTimeoutMilliseconds: Int32 = 10_000
    /// Longest request head accepted.
    private static let maxHeadBytes = 64 * 1024

    let socket: Int32
    let core: LoopbackServerCore

    func serve() {
        defer { close(socket) }
        guard let head = readHead() else { return }
        guard let request = HTTPTestRequest(head: head) else {
            _ = transmit(Data("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            return
        }
        core.record(request)
        respond(core.handler(request), to: request)
        shutdown(socket, Int32(SHUT_WR))
    }

    // MARK: - Reading

    private func readHead() -> String? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        while buffer.count < Self.maxHeadBytes {
            guard Self.wait(for: socket, events: POLLIN, stopReader: core.stopReader,
                            timeout: Self.ioTimeoutMilliseconds) == .ready else { return nil }
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            let searchStart = max(0, buffer.count - 3)
            buffer.append(contentsOf: chunk[0..<count])
            if let end = buffer[searchStart...].firstRange(of: terminator) {
                return String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
            }
        }
        return nil
    }

    // MARK: - Writing

    private func respond(_ response: HTTPTestResponse, to request: HTTPTestRequest) {
        if response.neverAnswer {
            waitForClientToLeave()
            return
        }
        if response.delayBeforeHeaders > 0 && !pause(seconds: response.delayBeforeHeaders) {
            return
        }
        let status = response.status
        let hasBody = !(100..<200).contains(status) && status != 204 && status != 304 && request.method != "HEAD"
        var head = "HTTP/1.1 \(status) \(response.reason)\r\n"
        for header in response.headers {
            head += "\(header.name): \(header.value)\r\n"
        }
        let declaresLength = response.headers.contains { $0.name.lowercased() == "content-length" }
        if hasBody && response.chunked {
            head += "Transfer-Encoding: chunked\r\n"
        } else if hasBody && !declaresLength {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "Connection: close\r\n\r\n"
        guard transmit(Data(head.utf8)), hasBody else { return }

        let body = response.body.prefix(response.closeAfterBodyBytes ?? response.body.count)
        let pieceSize = response.dripBytesPerSecond.map { max(1, $0 / 10) } ?? 64 * 1024
        var offset = body.startIndex
        while offset < body.endIndex {
            let piece = body[offset..<min(offset + pieceSize, body.endIndex)]
            offset = piece.endIndex
            let framed = response.chunked
                ? Data("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Data("\r\n".utf8) : Data(piece)
            guard transmit(framed) else { return }
            if let rate = response.dripBytesPerSecond, offset < body.endIndex,
                !pause(seconds: Double(piece.count) / Double(max(rate, 1)))
            {
                return
            }
        }
        if response.chunked && response.closeAfterBodyBytes == nil {
            _ = transmit(Data("0\r\n\r\n".utf8))
        }
    }

    /// Sends all of `data`; `false` when the client went away, stalled, or the server is stopping.
    private func transmit(_ data: Data) -> Bool {
        var offset = 0
        while offset < data.count {
            guard Self.wait(for: socket, events: POLLOUT, stopReader: core.stopReader,
                            timeout: Self.ioTimeoutMilliseconds) == .ready else { return false }
            let sent = data.withUnsafeBytes { bytes in
                send(socket, bytes.baseAddress! + offset, data.count - offset,
                           Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sleeps, waking early only to stop; returns `false` when the server is stopping.
    private func pause(seconds: Double) -> Bool {
        let milliseconds = Int32(min(seconds * 1000, Double(Int32.max)).rounded(.up))
        return Self.wait(for: -1, events: 0, stopReader: core.stopReader, timeout: milliseconds) == .timedOut
    }

    /// Blocks until the client closes its end or the server stops, discarding anything the client sends.
    private func waitForClientToLeave() {
        var sink = [UInt8](repeating: 0, count: 1024)
        while Self.wait(for: socket, events: POLLIN, stopReader: core.stopReader, timeout: -1) == .ready {
            let count = recv(socket, &sink, sink.count, 0)
            if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { return }
        }
    }

    /// Polls `descriptor` (ignored when negative) together with the stop pipe.
    static func wait(for descriptor: Int32, events: Int32, stopReader: Int32, timeout: Int32) -> Readiness {
        var descriptors = [
            pollfd(fd: stopReader, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(events), revents: 0),
        ]
        while true {
            let result = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { return .failed }
            if result == 0 { return .timedOut }
            if descriptors[0].revents != 0 { return .stopped }
            return .ready
        }
    }
}
