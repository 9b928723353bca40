import Foundation

/// Where the PostgreSQL server is and how to log in, read from a connection URL in libpq's
/// form, so that the string an operator already uses with `psql` works unchanged:
///
///     postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require
///     postgresql://USER@/DATABASE?host=/run/postgresql        (a Unix socket folder)
///
/// `sslmode` is `disable`, `prefer` (the default), `require` (encrypted, server not checked),
/// `verify-ca` or `verify-full`; `sslrootcert` names the CA file for the last two. A password
/// may also come from `PGPASSWORD`, so that it need not be written in the configuration.
public struct PostgresSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// The folder holding the server's socket (`.s.PGSQL.PORT`), when connecting over a Unix socket.
    public var socketFolder: String?
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var rootCertificate: String?
    /// Seconds to wait for a connection before giving up.
    public var connectTimeout: Double

    public init(
        host: String = "127.0.0.1", port: Int = 5432, socketFolder: String? = nil, user: String,
        password: String? = nil, database: String, tls: TLSMode = .prefer, rootCertificate: String? = nil,
        connectTimeout: Double = 10
    ) {
        self.host = host
        self.port = port
        self.socketFolder = socketFolder
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
        self.connectTimeout = connectTimeout
    }

    /// The socket file to connect to, when the settings name a socket folder.
    public var socketPath: String? {
        socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// Reads a `postgresql://` (or `postgres://`) URL; `environment` supplies `PGPASSWORD` and the
    /// default user (`PGUSER`, then `USER`).
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresFailure) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgresql" || scheme == "postgres"
        else {
            throw PostgresFailure("not a postgresql:// URL: \(PostgresSettings.redact(text))")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known: Set = ["host", "port", "sslmode", "sslrootcert", "connect_timeout", "user", "password", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresFailure("unknown connection parameter \"\(unknown)\" in \(PostgresSettings.redact(text))")
        }
        let user = components.user?.removingPercentEncoding ?? query["user"] ?? environment["PGUSER"]
            ?? environment["USER"] ?? "postgres"
        var path = components.percentEncodedPath
        if path.hasPrefix("/") { path.removeFirst() }
        let database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? query["dbname"] ?? user
        self.init(user: user, database: database)
        password = components.password?.removingPercentEncoding ?? query["password"] ?? environment["PGPASSWORD"]
        let hostParameter = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"]
        if let hostParameter, hostParameter.hasPrefix("/") {
            socketFolder = hostParameter
        } else if let hostParameter {
            host = hostParameter
        }
        if let portText = components.port.map(String.init) ?? query["port"] {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw PostgresFailure("port \(portText) is not a TCP port")
            }
            port = value
        }
        if let mode = query["sslmode"] {
            guard let value = TLSMode(rawValue: mode) else {
                let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw PostgresFailure("sslmode \"\(mode)\" is not one of \(modes)")
            }
            tls = value
        }
        rootCertificate = query["sslrootcert"]
        if let seconds = query["connect_timeout"] {
            guard let value = Double(seconds), value > 0 else {
                throw PostgresFailure("connect_timeout \(seconds) is not a positive number of seconds")
            }
            connectTimeout = value
        }
        if socketFolder != nil, tls == .require || tls == .verifyCA || tls == .verifyFull {
            throw PostgresFailure("sslmode \(tls.rawValue) does not apply to a Unix socket")
        }
    }

    /// Where the settings point, without the password: for logs and errors.
    public var summary: String {
        let place = socketPath ?? "\(host):\(port)"
        return "\(user)@\(place)/\(database)"
    }

    /// `text` with any password in it replaced, for messages about a URL that could not be read.
    static func redact(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "(unreadable URL)" }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems {
            components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: $0.name, value: "***") : $0 }
        }
        return components.string ?? "(unreadable URL)"
    }
}
