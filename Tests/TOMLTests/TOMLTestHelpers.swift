import Testing

import TOML

/// Parses a document named `test.toml`.
func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    try TOML.parse(text, file: "test.toml")
}

/// The error a document produces, or nil (and a recorded issue) when it parses.
func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLError? {
    do {
        _ = try TOML.parse(text, file: "test.toml")
        Issue.record("expected a parse error", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The value of `a` in a one-line document `a = <literal>`.
func valueOfA(_ literal: String) throws -> TOMLValue {
    let table = try parse("a = \(literal)")
    return try #require(table["a"])
}

extension TOMLTable {
    /// Follows a dotted path of bare keys, for compact assertions.
    subscript(path path: String) -> TOMLValue? {
        value(at: path.split(separator: ".").map(String.init))
    }
}
