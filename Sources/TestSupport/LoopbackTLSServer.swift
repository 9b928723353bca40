import Foundation

/// An HTTPS server on 127.0.0.1 for tests of certificate checks: `openssl s_server -WWW` serving fixed files
/// with a ``TestCertificate``. Real TLS, no internet.
///
/// The server is a child process with its output in a file (see ``log``). Starting it waits, with a deadline,
/// for the line in which `s_server` reports the port the system chose; ``stop()`` (also run by `deinit`) sends
/// SIGTERM, then SIGKILL, with short bounded waits. Nothing blocks on a pipe or on `waitUntilExit()`, so an
/// async test cannot hang on the server.
///
/// `s_server` answers `HTTP/1.0 200 ok` with `Content-type: text/plain` (`text/html` for `.html` files), no
/// `Content-Length`, and closes the connection; a missing file is still a 200, whose body is an error text.
/// It serves one connection at a time.
///
/// ```swift
/// let server = try await LoopbackTLSServer(certificate: certificate, files: ["feed.xml": Data(rss.utf8)])
/// defer { server.stop() }
/// let url = server.url("/feed.xml")  // https://127.0.0.1:PORT/feed.xml
/// ```
public final class LoopbackTLSServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// The certificate the server presents.
    public let certificate: TestCertificate
    private let child: ChildProcess
    private let folder: String

    /// Whether the `openssl` tool is installed; tests that need this server are skipped without it.
    public static var isAvailable: Bool { TestCertificate.isAvailable }

    /// Starts serving `files` over TLS with `certificate`.
    ///
    /// - Parameters:
    ///   - certificate: what the server presents; its names decide which URLs a client accepts.
    ///   - files: bodies by file name (`"feed.xml"` or `"/feed.xml"`; no subfolders), served at `/<name>`.
    ///   - timeout: how long to wait for the server to report its port.
    /// - Throws: ``TestToolError`` when `openssl` is missing, exits early, or does not report a port in time.
    public init(
        certificate: TestCertificate, files: [String: Data], timeout: Duration = .seconds(15)
    ) async throws(TestToolError) {
        guard let openssl = ChildProcess.locate("openssl") else {
            throw TestToolError(.missing, "openssl is not installed (not found on PATH)")
        }
        let folder = NSTemporaryDirectory() + "bw-tls-server-\(UUID().uuidString)"
        let documents = folder + "/www"
        do {
            try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
            for (name, body) in files {
                let file = name.hasPrefix("/") ? String(name.dropFirst()) : name
                guard !file.isEmpty, !file.contains("/") else {
                    throw TestToolError(.failed, "TLS test server: '\(name)' is not a plain file name")
                }
                try body.write(to: URL(fileURLWithPath: documents + "/" + file))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error as? TestToolError
                ?? TestToolError(.cannotStart, "TLS test server: cannot write its files in \(folder): \(error)")
        }
        // Port 0: the system picks a free port, and s_server prints it on its `ACCEPT` line.
        let child: ChildProcess
        do throws(TestToolError) {
            child = try await ChildProcess(
                executable: openssl,
                arguments: [
                    "s_server", "-accept", "127.0.0.1:0", "-cert", certificate.certificatePath,
                    "-key", certificate.keyPath, "-WWW",
                ],
                directory: documents,
                outputPath: folder + "/s_server.log"
            )
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        guard let port = await child.waitForOutput(timeout: timeout, { Self.acceptedPort(in: $0) }) else {
            let output = child.output
            child.stop()
            try? FileManager.default.removeItem(atPath: folder)
            if let status = child.exitStatus {
                throw TestToolError(.failed, "openssl s_server exited with status \(status) before listening: "
                    + TestCertificate.lastLine(of: output))
            }
            throw TestToolError(.timedOut, "openssl s_server reported no port within \(timeout)")
        }
        self.port = port
        self.certificate = certificate
        self.child = child
        self.folder = folder
    }

    deinit {
        stop()
    }

    /// An absolute URL on this server: `https://127.0.0.1:PORT/path`, or with another host name that resolves
    /// to the loopback address (such as `localhost`), to test name checks.
    public func url(_ path: String, host: String = "127.0.0.1") -> String {
        let separator = path.hasPrefix("/") ? "" : "/"
        return "https://\(host):\(port)\(separator)\(path)"
    }

    /// What `s_server` printed so far: the port line, handshake failures, the requests it served.
    public var log: String { child.output }

    /// Ends the server process and removes its files. Bounded (a few seconds at worst); later calls do nothing.
    public func stop() {
        child.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The port in s_server's `ACCEPT 127.0.0.1:PORT` line, once it is printed.
    static func acceptedPort(in output: String) -> Int? {
        for line in output.split(whereSeparator: \.isNewline) where line.hasPrefix("ACCEPT ") {
            if let text = line.split(separator: ":").last, let port = Int(text), port > 0 { return port }
        }
        return nil
    }
}
