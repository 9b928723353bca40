import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of the tests' own: a fresh cluster in a scratch folder, listening only on
/// a Unix socket in that folder (no TCP port, so it can never take a port another test chose),
/// with `trust` authentication for the user ``user``. The first test that asks starts it (`initdb`, then `postgres`); the tests
/// of that process share it, each in a database of its own, and it is stopped when the process
/// exits. Nothing is durable (`fsync=off`): tests check behaviour, not the disk.
///
/// The server binaries come from Debian's packages (`/usr/lib/postgresql/N/bin`) or `PATH`.
/// PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user (or
/// `nobody`) through `setpriv`.
public final class PostgresServer: Sendable {
    public let folder: String
    /// The folder of the server's programs (`createdb` is used from there).
    let bin: String
    /// The port number in the socket's name (`.s.PGSQL.<port>`); nothing listens on TCP.
    public let port = 5432
    public let user = "brinkwatch"
    private let child: ChildProcess

    /// The Unix socket folder to connect through (libpq's `host=` for a socket).
    public var socketFolder: String { folder }

    /// A connection URL for `database` through the server's socket.
    public func url(database: String) -> String {
        "postgresql://\(user)@/\(database)?host=\(folder)&port=\(port)&sslmode=disable"
    }

    /// A new, empty database on this server, for one test; its name.
    public func createDatabase() async throws(TestToolError) -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let createdb = try await ChildProcess(
            executable: bin + "/createdb", arguments: ["-h", folder, "-p", "\(port)", "-U", user, name],
            directory: folder, outputPath: NSTemporaryDirectory() + "createdb-\(name).log")
        guard await createdb.waitForExit(timeout: .seconds(30)) else {
            throw TestToolError(.timedOut, "createdb \(name) did not finish within 30 s")
        }
        guard createdb.exitStatus == 0 else {
            throw TestToolError(.failed, "createdb \(name) failed: \(createdb.output.suffix(300))")
        }
        try? FileManager.default.removeItem(atPath: createdb.outputPath)
        return name
    }

    /// The server shared by this test process, started on first use.
    ///
    /// - Throws: ``TestToolError`` with code `missing` when no PostgreSQL server is installed
    ///   (tests skip then), or another code when one is installed but cannot start.
    public static func shared() async throws(TestToolError) -> PostgresServer {
        let starting: Task<PostgresServer, any Error> = sharedTask.withLock { task in
            if let task { return task }
            let fresh = Task<PostgresServer, any Error> { try await PostgresServer.start() }
            task = fresh
            return fresh
        }
        do {
            return try await starting.value
        } catch let error as TestToolError {
            throw error
        } catch {
            throw TestToolError(.failed, "\(error)")
        }
    }

    private static let sharedTask = LockedValue<Task<PostgresServer, any Error>?>(nil)
    private static let running = LockedValue<[PostgresServer]>([])

    /// The folder holding `initdb` and `postgres`, or nil when PostgreSQL is not installed.
    public static func binaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/postgres") {
            return "\(root)/\(version)/bin"
        }
        if let initdb = ChildProcess.locate("initdb"), let postgres = ChildProcess.locate("postgres"),
            (initdb as NSString).deletingLastPathComponent == (postgres as NSString).deletingLastPathComponent
        {
            return (postgres as NSString).deletingLastPathComponent
        }
        return nil
    }

    private init(folder: String, bin: String, child: ChildProcess) {
        self.folder = folder
        self.bin = bin
        self.child = child
    }

    private static func start() async throws(TestToolError) -> PostgresServer {
        guard let bin = binaries() else {
            throw TestToolError(.missing, "no PostgreSQL server found (install Debian's postgresql package)")
        }
        let folder = "/tmp/bw-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        } catch {
            throw TestToolError(.cannotStart, "cannot create \(folder): \(error)")
        }
        let prefix = try runAs(folder: folder)
        let initdb = try await ChildProcess(
            executable: prefix.first ?? "\(bin)/initdb",
            arguments: Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : ["\(bin)/initdb"]) + [
                "-D", folder + "/data", "-U", "brinkwatch", "-A", "trust", "-E", "UTF8", "--no-sync",
                "--no-instructions",
            ],
            directory: folder, outputPath: folder + "/initdb.log")
        guard await initdb.waitForExit(timeout: .seconds(120)) else {
            throw TestToolError(.timedOut, "initdb did not finish within 120 s")
        }
        guard initdb.exitStatus == 0 else {
            throw TestToolError(.failed, "initdb failed: \(initdb.output.suffix(400))")
        }
        let server = try await ChildProcess(
            executable: prefix.first ?? "\(bin)/postgres",
            arguments: Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : ["\(bin)/postgres"]) + [
                "-D", folder + "/data", "-k", folder, "-p", "5432", "-c", "listen_addresses=",
                "-c", "fsync=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB",
            ],
            directory: folder, outputPath: folder + "/server.log")
        let ready = await server.waitForOutput(timeout: .seconds(60)) { output in
            output.contains("ready to accept connections") ? true : nil
        }
        guard ready == true else {
            server.stop()
            throw TestToolError(.failed, "PostgreSQL did not start: \(server.output.suffix(600))")
        }
        let started = PostgresServer(folder: folder, bin: bin, child: server)
        running.withLock { $0.append(started) }
        atexit { PostgresServer.stopAll() }
        return started
    }

    /// Stops every server this process started and removes its folder.
    static func stopAll() {
        for server in running.withLock({ servers in defer { servers = [] }; return servers }) {
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
            server.child.stop(signal: SIGINT)
            try? FileManager.default.removeItem(atPath: server.folder)
        }
    }

    /// The command prefix that runs a server program as an unprivileged user when this process is
    /// root (empty otherwise), after giving that user the folder.
    private static func runAs(folder: String) throws(TestToolError) -> [String] {
        guard geteuid() == 0 else { return [] }
        guard let setpriv = ChildProcess.locate("setpriv") ?? ["/usr/bin/setpriv", "/bin/setpriv"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            throw TestToolError(.missing, "running as root and setpriv (util-linux) is missing")
        }
        guard let account = getpwnam("postgres") ?? getpwnam("nobody") else {
            throw TestToolError(.missing, "running as root and there is no postgres or nobody user")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        guard chown(folder, uid, gid) == 0 else {
            throw TestToolError(.cannotStart, "cannot give \(folder) to uid \(uid)")
        }
        return [setpriv, "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"]
    }
}

/// A value behind a lock, shared between tests.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.withLock { body(&stored) }
    }
}
