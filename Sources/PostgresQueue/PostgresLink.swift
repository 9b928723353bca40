#if PostgreSQL
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// Blocking access to one PostgreSQL server, for the daemon's workers and fetcher, which run
/// on threads of their own and call the queue synchronously, as they call the file inbox.
///
/// Each call takes an idle connection (or opens one), runs its statements on a small SwiftNIO
/// event loop of its own and waits for the answer. Waiting on a future from a thread that is not
/// an event loop is safe; the Swift concurrency pool is never blocked, because nothing here
/// awaits. A connection that failed is closed, not reused: the next call opens a fresh one, so a
/// restarted server or a healed network needs nothing but the next attempt.
public final class PostgresLink: Sendable {
    /// How this process names itself in the leases it holds (host and process id), so that an
    /// operator looking at the tables sees who holds what.
    public static let holderName = "\(ProcessInfo.processInfo.hostName):\(getpid())"

    public let settings: PostgresSettings
    let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    /// Connections kept open between calls; more may be open while calls overlap.
    private let keepIdle: Int

    public init(settings: PostgresSettings, keepIdle: Int = 8, logger: Logger = Logger(label: "brinkwatch.postgres"))
        throws(PostgresFailure)
    {
        self.settings = settings
        self.logger = logger
        self.keepIdle = keepIdle
        configuration = try Self.configuration(settings)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    deinit {
        for connection in idle.withLock({ $0 }) { try? connection.close().wait() }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` on one connection; statements in it run one after another, outside any
    /// transaction unless `body` starts one.
    public func withSession<T>(_ body: (PostgresSession) throws(PostgresFailure) -> T) throws(PostgresFailure) -> T {
        let connection = try take()
        do throws(PostgresFailure) {
            let value = try body(PostgresSession(connection: connection, logger: logger))
            put(connection)
            return value
        } catch {
            if error.connectionLost || connection.isClosed { _ = try? connection.close().wait() } else { put(connection) }
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: (PostgresSession) throws(PostgresFailure) -> T) throws(PostgresFailure) -> T {
        try withSession { session throws(PostgresFailure) in
            try session.execute("BEGIN")
            do throws(PostgresFailure) {
                let value = try body(session)
                try session.execute("COMMIT")
                return value
            } catch {
                if !error.connectionLost { _ = try? session.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs one statement without parameters on a connection of its own (administration, DDL).
    public func execute(_ sql: String) throws(PostgresFailure) {
        try withSession { (session: PostgresSession) throws(PostgresFailure) -> Void in try session.execute(sql) }
    }

    /// A new connection that is never lent to anyone else (for `LISTEN`); the caller closes it.
    func dedicatedConnection() throws(PostgresFailure) -> PostgresConnection {
        do {
            let id = nextID.add(1, ordering: .relaxed).oldValue
            return try PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw PostgresFailure(error, "cannot connect to PostgreSQL at \(settings.summary)", connectionLost: true)
        }
    }

    private func take() throws(PostgresFailure) -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        return try dedicatedConnection()
    }

    private func put(_ connection: PostgresConnection) {
        let kept = idle.withLock { connections in
            guard connections.count < keepIdle else { return false }
            connections.append(connection)
            return true
        }
        if !kept { _ = try? connection.close().wait() }
    }

    private static func configuration(_ settings: PostgresSettings) throws(PostgresFailure)
        -> PostgresConnection.Configuration
    {
        var configuration: PostgresConnection.Configuration
        if let socket = settings.socketPath {
            configuration = .init(
                unixSocketPath: socket, username: settings.user, password: settings.password, database: settings.database)
        } else {
            configuration = .init(
                host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                database: settings.database, tls: try tls(settings))
        }
        configuration.options.connectTimeout = .milliseconds(Int64(settings.connectTimeout * 1000))
        return configuration
    }

    private static func tls(_ settings: PostgresSettings) throws(PostgresFailure)
        -> PostgresConnection.Configuration.TLS
    {
        if settings.tls == .disable { return .disable }
        var client = TLSConfiguration.makeClientConfiguration()
        switch settings.tls {
        case .disable, .verifyFull: break
        case .prefer, .require: client.certificateVerification = .none
        case .verifyCA: client.certificateVerification = .noHostnameVerification
        }
        if let file = settings.rootCertificate { client.trustRoots = .file(file) }
        do {
            let context = try NIOSSLContext(configuration: client)
            return settings.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw PostgresFailure("cannot set up TLS for PostgreSQL", cause: "\(error)")
        }
    }
}

/// One connection lent by ``PostgresLink`` for the length of a call.
public struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery, _ what: @autoclosure () -> String = "a statement failed")
        throws(PostgresFailure) -> PostgresQueryResult
    {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresFailure(error, what())
        }
    }

    /// Runs a statement without parameters (transaction control, DDL).
    public func execute(_ sql: String) throws(PostgresFailure) {
        try query(PostgresQuery(unsafeSQL: sql), "\(sql.prefix(40)) failed")
    }
}

extension PostgresFailure {
    /// Describes whatever PostgresNIO threw; the server's message and code when it sent one.
    init(_ error: any Error, _ message: String, connectionLost lost: Bool = false) {
        guard let error = error as? PSQLError else {
            self.init(message, cause: "\(error)", connectionLost: lost || error is ChannelError || error is IOError)
            return
        }
        if let info = error.serverInfo {
            var cause = info[.message] ?? "the server reported an error"
            if let detail = info[.detail] { cause += " (\(detail))" }
            // Class 08 (connection exception) and 57 (operator intervention: shutdown, terminated
            // backend) end the connection even though the server said why.
            let state = info[.sqlState]
            let ended = state.map { $0.hasPrefix("08") || $0.hasPrefix("57") } ?? false
            self.init(message, sqlState: state, cause: cause, connectionLost: lost || ended)
            return
        }
        var cause = "\(error.code)"
        if let underlying = error.underlying { cause += ": \(underlying)" }
        self.init(message, cause: cause, connectionLost: true)
    }
}

extension PostgresRow {
    /// The columns of this row as `types`, or a failure naming `what` was read.
    func read<each T: PostgresDecodable>(_ types: (repeat each T).Type, _ what: String) throws(PostgresFailure)
        -> (repeat each T)
    {
        do {
            return try decode(types)
        } catch {
            throw PostgresFailure("cannot read \(what)", cause: "\(error)")
        }
    }
}
#endif
