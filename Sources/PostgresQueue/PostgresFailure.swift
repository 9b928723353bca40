/// A PostgreSQL operation that failed, with what the server said when it said something.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The server's five-character error code (for example `53100`, disk full), when the
    /// server answered with an error.
    public var sqlState: String?
    /// The server's own words, or the client's account of a lost connection.
    public var cause: String?
    /// Whether the connection is unusable afterwards (closed, refused, timed out), as opposed to
    /// an error the server reported on a healthy connection.
    public var connectionLost: Bool

    public init(_ message: String, sqlState: String? = nil, cause: String? = nil, connectionLost: Bool = false) {
        self.message = message
        self.sqlState = sqlState
        self.cause = cause
        self.connectionLost = connectionLost
    }

    /// The server is out of disk space (class 53: insufficient resources, `disk_full`).
    public var isDiskFull: Bool { sqlState == "53100" }

    public var description: String {
        var text = message
        if let cause { text += ": " + cause }
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        return text
    }
}
