import TOML

/// A failure to load classifier knowledge: a data file that cannot be read or parsed, or one whose
/// content does not make sense (unknown event type, unknown word class, bad pattern syntax).
///
/// The message names the file, the line and the key, so that whoever edits the data can go
/// straight to the mistake: `events.toml:42: pattern[3].match: unknown class @wepon`.
public struct ClassifierError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; an opaque struct so that kinds can be added later.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case unreadable, syntax, invalid
        }

        private let kind: Kind

        /// The directory or a file could not be read.
        public static let unreadable = Code(kind: .unreadable)
        /// A file is not valid TOML.
        public static let syntax = Code(kind: .syntax)
        /// A file is valid TOML but its content is wrong (unknown type, class, bad pattern...).
        public static let invalid = Code(kind: .invalid)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// The file name (not the full path) the problem is in.
    public var file: String
    /// 1-based line, 0 when not known.
    public var line: Int
    /// The dotted key path, when the problem is tied to one.
    public var key: String?
    /// One line saying what is wrong.
    public var message: String

    public init(code: Code, file: String, line: Int = 0, key: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// Wraps an error of the TOML layer, keeping its position.
    init(_ error: TOMLError, code: Code = .invalid) {
        self.init(code: code, file: error.file, line: error.line, key: error.key, message: error.message)
    }

    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if let key { text += ": \(key)" }
        return text + ": " + message
    }
}
