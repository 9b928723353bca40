/// Entry point of the TOML 1.0 parser.
public enum TOML {
    /// Deepest allowed nesting of tables, and separately of arrays and inline tables inside a value.
    /// Configuration never comes near it; hostile input cannot use nesting to exhaust the stack.
    public static let maxDepth = 64

    /// Parses a whole TOML 1.0 document.
    ///
    /// - Parameters:
    ///   - text: the document; a leading byte-order mark is ignored.
    ///   - file: the name to print in errors, usually the path as the user wrote it.
    /// - Returns: the root table; every value in it knows its line.
    /// - Throws: `TOMLError` with code `.syntax`, carrying line, column and, when known, the key.
    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text: text, file: file)
        return try parser.parseDocument()
    }
}
