#if canImport(Glibc)
import Glibc
#endif

/// One accepted connection of ``MetricsHTTPServer``: reads the request head within the limits,
/// answers, and leaves closing the socket to the server.
struct MetricsHTTPConnection {
    let socket: Int32
    let stopReader: Int32
    let limits: MetricsHTTPServer.Limits

    private enum Head {
        case complete(ArraySlice<UInt8>)
        case tooLarge
        case timedOut
        /// The client left, the read failed, or the server is stopping: nothing to answer.
        case gone
    }

    func serve(_ respond: (MetricsHTTPRequest) -> MetricsHTTPResponse) {
        switch readHead() {
        case .complete(let head):
            guard let request = MetricsHTTPRequest(head: head) else {
                send(.text(400, "malformed request line"), includeBody: true)
                return
            }
            send(respond(request), includeBody: request.method != "HEAD")
        case .tooLarge:
            send(.text(431, "request head longer than \(limits.maxHeadBytes) bytes"), includeBody: true)
            discardInput()
        case .timedOut:
            send(.text(408, "request not received in time"), includeBody: true)
        case .gone:
            return
        }
    }

    /// Reads up to the blank line that ends the head, within ``MetricsHTTPServer/Limits``: the
    /// deadline covers the whole head, so sending a byte now and then does not extend it.
    private func readHead() -> Head {
        let deadline = ContinuousClock.now + limits.readTimeout
        let terminator = Array("\r\n\r\n".utf8)
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while true {
            switch MetricsHTTPServer.wait(for: socket, events: POLLIN, stopReader: stopReader, until: deadline) {
            case .timedOut: return .timedOut
            case .stopped: return .gone
            case .ready: break
            }
            let count = recv(socket, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .gone
            }
            if count == 0 { return .gone }
            let searchFrom = max(0, buffer.count - 3)
            buffer.append(contentsOf: chunk[0..<count])
            if let end = buffer[searchFrom...].firstRange(of: terminator) {
                return end.lowerBound <= limits.maxHeadBytes ? .complete(buffer[..<end.lowerBound]) : .tooLarge
            }
            if buffer.count > limits.maxHeadBytes { return .tooLarge }
        }
    }

    /// Sends the whole response unless the client stops reading for ``MetricsHTTPServer/Limits/writeTimeout``,
    /// then ends the sending side so the client sees the end of the response.
    private func send(_ response: MetricsHTTPResponse, includeBody: Bool) {
        let bytes = response.serialized(includeBody: includeBody)
        let deadline = ContinuousClock.now + limits.writeTimeout
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
                return Glibc.send(socket, raw.baseAddress! + offset, raw.count - offset, flags)
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            guard errno == EINTR || errno == EAGAIN,
                MetricsHTTPServer.wait(for: socket, events: POLLOUT, stopReader: stopReader, until: deadline) == .ready
            else { return }
        }
        shutdown(socket, Int32(SHUT_WR))
    }

    /// Reads and drops what an oversized request still has in flight, for a moment, so that
    /// closing does not reset the connection before the client has read the 431.
    private func discardInput() {
        let deadline = ContinuousClock.now + .milliseconds(200)
        var sink = [UInt8](repeating: 0, count: 4096)
        var dropped = 0
        while dropped < 256 * 1024,
            MetricsHTTPServer.wait(for: socket, events: POLLIN, stopReader: stopReader, until: deadline) == .ready
        {
            let count = recv(socket, &sink, sink.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { return }
            dropped += max(0, count)
        }
    }
}
