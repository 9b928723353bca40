/// A problem in a TOML file, located precisely enough for a person to fix it without guessing:
/// the file, the line, the column for syntax errors, and the dotted key path when one is known.
///
/// Printed as `brinkwatch.toml:14: feeds[2].url: expected a string, found an integer`, or with a
/// column for syntax errors: `brinkwatch.toml:3:7: unterminated string`.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; opaque so that kinds can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case syntax, wrongType, missingKey, unknownKey, outOfRange, invalidValue
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The text is not valid TOML 1.0 (including duplicate keys, redefined tables, too deep nesting).
        public static let syntax = Code(.syntax)
        /// A key holds a value of the wrong TOML type.
        public static let wrongType = Code(.wrongType)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A key the loader does not know, usually a typo.
        public static let unknownKey = Code(.unknownKey)
        /// A number outside its allowed range.
        public static let outOfRange = Code(.outOfRange)
        /// A semantic check by the caller failed (see `TOMLReader.error(_:_:)`).
        public static let invalidValue = Code(.invalidValue)

        public var description: String { base.rawValue }
    }

    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file (for example a missing key at the root).
    public var line: Int
    /// 1-based column counted in Unicode scalars; only syntax errors have one.
    public var column: Int?
    /// Dotted key path such as `feeds[2].url`, when the problem belongs to a key.
    public var key: String?
    /// One line of text saying what is wrong.
    public var message: String
    public var code: Code

    public init(
        file: String,
        line: Int,
        column: Int? = nil,
        key: String? = nil,
        message: String,
        code: Code = .invalidValue
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.code = code
    }

    public var description: String {
        var text = file
        if line > 0 {
            text += ":\(line)"
            if let column {
                text += ":\(column)"
            }
        }
        text += ": "
        if let key, !key.isEmpty {
            text += key + ": "
        }
        return text + message
    }
}
