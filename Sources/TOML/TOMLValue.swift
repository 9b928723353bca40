/// One TOML value together with the line it starts on, so that a loader can point at the exact
/// place in the file when the value is wrong for its purpose.
public struct TOMLValue: Sendable, Equatable {
    /// The TOML types. Date-times are kept as their validated source text: brinkwatch compares and
    /// prints them far more often than it does calendar arithmetic, and the text loses nothing.
    public enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// An offset date-time, local date-time, local date or local time, exactly as written.
        case datetime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    /// 1-based line where the value starts; for a table, the line of its header.
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The TOML type as one lowercase word, for messages.
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .datetime: "datetime"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The type name with its article ("an integer", "a table"), as used in "expected …, found …".
    public var typeNameWithArticle: String {
        switch kind {
        case .integer, .array: "an \(typeName)"
        default: "a \(typeName)"
        }
    }

    // MARK: Unchecked accessors

    public var stringValue: String? {
        if case .string(let value) = kind { value } else { nil }
    }

    public var integerValue: Int64? {
        if case .integer(let value) = kind { value } else { nil }
    }

    /// The number as a `Double`, accepting integers too, since `timeout = 5` should mean 5.0.
    public var doubleValue: Double? {
        switch kind {
        case .float(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .boolean(let value) = kind { value } else { nil }
    }

    /// The source text of a date-time, date or time.
    public var datetimeText: String? {
        if case .datetime(let value) = kind { value } else { nil }
    }

    public var arrayValue: [TOMLValue]? {
        if case .array(let value) = kind { value } else { nil }
    }

    public var tableValue: TOMLTable? {
        if case .table(let value) = kind { value } else { nil }
    }
}
