/// A typed, validating reader over a table that knows its file and key path, for loaders of config and data files.
///
/// Every error it throws names the file, the line of the offending value (or of the table, for a
/// missing key) and the full key path, such as `brinkwatch.toml:14: feeds[2].url: expected a string,
/// found an integer`, so a loader never has to assemble locations by hand.
public struct TOMLReader: Sendable {
    public var table: TOMLTable
    public var file: String
    /// Key path of `table` from the root, such as `feeds[2]` or `digest`; empty for the root.
    public var path: String

    public init(_ table: TOMLTable, file: String, path: String = "") {
        self.table = table
        self.file = file
        self.path = path
    }

    /// The full path of a key of this table, for messages.
    public func path(of key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// The raw value, for types the reader has no method for.
    public func value(_ key: String) -> TOMLValue? {
        table[key]
    }

    /// Line of the key's value, or of this table when the key is absent.
    public func line(of key: String) -> Int {
        table[key]?.line ?? table.line
    }

    /// An error at `key`'s line (or the table's line when `key` is nil), for the caller's own checks.
    public func error(_ key: String?, _ message: String) -> TOMLError {
        error(key, message, code: .invalidValue)
    }

    func error(_ key: String?, _ message: String, code: TOMLError.Code) -> TOMLError {
        let errorLine = key.map { line(of: $0) } ?? table.line
        let keyPath = key.map { path(of: $0) } ?? (path.isEmpty ? nil : path)
        return TOMLError(file: file, line: errorLine, key: keyPath, message: message, code: code)
    }

    private func wrongType(_ key: String, _ value: TOMLValue, expected: String) -> TOMLError {
        error(key, "expected \(expected), found \(value.typeNameWithArticle)", code: .wrongType)
    }

    // MARK: Strings

    /// The string at `key`; nil when absent.
    public func string(_ key: String) throws(TOMLError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.stringValue else { throw wrongType(key, value, expected: "a string") }
        return text
    }

    public func string(_ key: String, default defaultValue: String) throws(TOMLError) -> String {
        try string(key) ?? defaultValue
    }

    /// The string at `key`; a missing key is an error at the table's line.
    public func requiredString(_ key: String) throws(TOMLError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    /// An array of strings. A lone string is refused rather than wrapped, because `urls = "x"` is
    /// more often a mistake in a list-valued key than a shorthand.
    public func strings(_ key: String) throws(TOMLError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let elements = value.arrayValue else {
            throw wrongType(key, value, expected: "an array of strings")
        }
        var texts: [String] = []
        texts.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue else {
                throw TOMLError(
                    file: file, line: element.line, key: path(of: key) + "[\(index)]",
                    message: "expected a string, found \(element.typeNameWithArticle)", code: .wrongType)
            }
            texts.append(text)
        }
        return texts
    }

    // MARK: Numbers and booleans

    /// The integer at `key`; nil when absent. A float such as `5.0` is refused: integers are counts.
    public func int(_ key: String) throws(TOMLError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.integerValue else { throw wrongType(key, value, expected: "an integer") }
        guard let result = Int(exactly: number) else {
            throw error(key, "integer \(number) does not fit this platform", code: .outOfRange)
        }
        return result
    }

    /// The integer at `key` or `defaultValue`; a present value outside `range` is an error naming the range.
    public func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>? = nil) throws(TOMLError) -> Int {
        guard let number = try int(key) else { return defaultValue }
        if let range, !range.contains(number) {
            throw error(
                key, "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(number)",
                code: .outOfRange)
        }
        return number
    }

    public func requiredInt(_ key: String) throws(TOMLError) -> Int {
        guard let number = try int(key) else { throw missing(key) }
        return number
    }

    /// The number at `key` as a `Double`; integers are accepted, so `timeout = 5` reads as 5.0.
    public func double(_ key: String) throws(TOMLError) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.doubleValue else { throw wrongType(key, value, expected: "a number") }
        return number
    }

    public func double(_ key: String, default defaultValue: Double, range: ClosedRange<Double>? = nil)
        throws(TOMLError) -> Double
    {
        guard let number = try double(key) else { return defaultValue }
        if let range, !range.contains(number) {
            throw error(
                key, "expected a number in \(range.lowerBound)...\(range.upperBound), found \(number)",
                code: .outOfRange)
        }
        return number
    }

    public func bool(_ key: String) throws(TOMLError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.boolValue else { throw wrongType(key, value, expected: "a boolean") }
        return flag
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(TOMLError) -> Bool {
        try bool(key) ?? defaultValue
    }

    // MARK: Tables

    /// The sub-table at `key` (a `[header]`, dotted keys or an inline table); nil when absent.
    public func table(_ key: String) throws(TOMLError) -> TOMLReader? {
        guard let value = table[key] else { return nil }
        guard let inner = value.tableValue else { throw wrongType(key, value, expected: "a table") }
        return TOMLReader(inner, file: file, path: path(of: key))
    }

    /// The elements of an array of tables (`[[key]]`), with paths `key[0]`, `key[1]`…; empty when absent.
    /// A single `[key]` table is refused, since it is the usual typo for `[[key]]`.
    public func tables(_ key: String) throws(TOMLError) -> [TOMLReader] {
        guard let value = table[key] else { return [] }
        guard let elements = value.arrayValue else {
            if value.tableValue != nil {
                throw error(key, "expected an array of tables ([[\(key)]]), found a single table ([\(key)])",
                    code: .wrongType)
            }
            throw wrongType(key, value, expected: "an array of tables")
        }
        var readers: [TOMLReader] = []
        readers.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let elementPath = path(of: key) + "[\(index)]"
            guard let inner = element.tableValue else {
                throw TOMLError(
                    file: file, line: element.line, key: elementPath,
                    message: "expected a table, found \(element.typeNameWithArticle)", code: .wrongType)
            }
            readers.append(TOMLReader(inner, file: file, path: elementPath))
        }
        return readers
    }

    // MARK: Checks

    /// Rejects the first key (in document order) not in `allowed`, which catches typos such as `feeeds`
    /// that would otherwise be silently ignored.
    public func rejectUnknownKeys(allowed: Set<String>) throws(TOMLError) {
        for key in table.keys where !allowed.contains(key) {
            let expected = allowed.isEmpty ? "no keys here" : "one of: " + allowed.sorted().joined(separator: ", ")
            throw TOMLError(
                file: file, line: line(of: key), key: path.isEmpty ? nil : path,
                message: "unknown key '\(key)' (expected \(expected))", code: .unknownKey)
        }
    }

    private func missing(_ key: String) -> TOMLError {
        TOMLError(file: file, line: table.line, key: path(of: key), message: "missing key", code: .missingKey)
    }
}
