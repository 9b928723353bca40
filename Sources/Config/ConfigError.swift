import TOML

/// A configuration that cannot be used, located as precisely as the file allows.
///
/// The description reads `FILE:LINE: KEY: what was expected`, so an operator can go straight to
/// the line to fix.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line, or nil when the problem is the file as a whole (for example, it is missing).
    public var line: Int?
    /// The key path, such as `feed[2].url`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    init(_ error: TOMLError) {
        self.init(file: error.file, line: error.line, key: error.key, message: error.message)
        column = error.column
    }

    /// The column of a syntax error, when known.
    public var column: Int?

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        text += ": "
        if let key, !key.isEmpty { text += "\(key): " }
        return text + message
    }
}
