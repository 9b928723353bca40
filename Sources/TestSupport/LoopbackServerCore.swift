import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The listening socket, the stop signal and the threads of a ``LoopbackHTTPServer``.
///
/// Threads hold this object rather than the public server, so the server's `deinit` can still run and stop them.
/// Every blocking wait polls the read end of the stop pipe as well; one byte written to the pipe wakes all of them.
///
/// `@unchecked Sendable` because of the `state` variable, which is only touched under `lock`. An `NSLock` rather
/// than `Synchronization.Mutex`, whose futex ThreadSanitizer cannot see on Linux (it reports false races).
final class LoopbackServerCore: @unchecked Sendable {
    private struct State {
        var requests: [HTTPTestRequest] = []
        var isStopped = false
    }

    let port: Int
    let handler: @Sendable (HTTPTestRequest) -> HTTPTestResponse
    private let listener: Int32
    /// Read and write ends of the self-pipe used to stop every thread.
    let stopReader: Int32
    private let stopWriter: Int32
    private let threads = DispatchGroup()
    private let lock = NSLock()
    private var state = State()

    init(handler: @escaping @Sendable (HTTPTestRequest) -> HTTPTestResponse) throws(LoopbackServerError) {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw LoopbackServerError("socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 128) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let error = LoopbackServerError("bind", errno: errno)
            close(listener)
            throw error
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let error = LoopbackServerError("pipe", errno: errno)
            close(listener)
            throw error
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.stopReader = ends[0]
        self.stopWriter = ends[1]
        // Keep the descriptors out of child processes that tests may spawn.
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    }

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// Starts the accepting thread.
    func start() {
        spawn(name: "loopback-http.accept") { core in
            core.acceptConnections()
        }
    }

    var requests: [HTTPTestRequest] {
        withState { $0.requests }
    }

    func record(_ request: HTTPTestRequest) {
        withState { $0.requests.append(request) }
    }

    /// Wakes every thread, waits for all of them to finish, then closes the sockets. Safe to call repeatedly.
    func stop() {
        let first = withState { state in
            defer { state.isStopped = true }
            return !state.isStopped
        }
        if first {
            var byte: UInt8 = 1
            _ = write(stopWriter, &byte, 1)
        }
        threads.wait()
        if first {
            close(listener)
            close(stopReader)
            close(stopWriter)
        }
    }

    // MARK: - Threads

    private func spawn(name: String, _ body: @escaping @Sendable (LoopbackServerCore) -> Void) {
        threads.enter()
        let thread = Thread { [self] in
            body(self)
            threads.leave()
        }
        thread.name = name
        thread.start()
    }

    private func acceptConnections() {
        while true {
            guard LoopbackConnection.wait(for: listener, events: POLLIN, stopReader: stopReader, timeout: -1) == .ready
            else { return }
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors or a connection reset before accept: back off briefly instead of spinning.
                _ = LoopbackConnection.wait(for: -1, events: 0, stopReader: stopReader, timeout: 10)
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            spawn(name: "loopback-http.connection") { core in
                LoopbackConnection(socket: client, core: core).serve()
            }
        }
    }
}
