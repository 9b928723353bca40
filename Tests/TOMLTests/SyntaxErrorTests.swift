import Testing

import TOML

@Suite("Syntax errors: position, key and message")
struct SyntaxErrorTests {
    @Test(
        "each syntax error names its line and column",
        arguments: [
            ("title = 'x'\nname \"brinkwatch\"", 2, 6, "expected '=' after the key, found '\"'"),
            ("name\n", 1, 5, "expected '=' after the key, found a line break"),
            ("a = 1 2", 1, 7, "expected the end of the line, found '2'"),
            ("a = 'x' 'y'", 1, 9, "expected the end of the line, found '''"),
            ("a =", 1, 4, "expected a value, found the end of the file"),
            ("a = # nothing", 1, 5, "expected a value, found '#'"),
            ("= 1", 1, 1, "expected a key, found '='"),
            ("a. = 1", 1, 4, "expected a key, found '='"),
            ("[a", 1, 3, "expected ']' to close the header, found the end of the file"),
            ("[[a]\nb = 1", 1, 5, "expected ']]' to close the header, found a line break"),
            ("[]", 1, 2, "expected a key, found ']'"),
            ("[a] b = 1", 1, 5, "expected the end of the line, found 'b'"),
            ("\"\"\"key\"\"\" = 1", 1, 1, "a multi-line string cannot be used as a key"),
            ("a = 1\rb = 2", 1, 6, "a carriage return must be followed by a line feed"),
        ])
    func positions(text: String, line: Int, column: Int, message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.code == .syntax)
        #expect(error.file == "test.toml")
        #expect((error.line, error.column) == (line, column))
        #expect(error.message == message)
    }

    @Test("the description reads file:line:column: key: message, dropping what is unknown")
    func descriptionFormat() throws {
        let missingEquals = try #require(parseError("[digest]\nhour 7"))
        #expect(missingEquals.description == "test.toml:2:6: digest.hour: expected '=' after the key, found '7'")

        let noKey = try #require(parseError("a = 1 2"))
        #expect(noKey.key == nil)
        #expect(noKey.description == "test.toml:1:7: expected the end of the line, found '2'")

        let semantic = TOMLError(
            file: "brinkwatch.toml", line: 14, key: "feeds[2].url", message: "bad", code: .wrongType)
        #expect(semantic.description == "brinkwatch.toml:14: feeds[2].url: bad")
        let wholeFile = TOMLError(file: "brinkwatch.toml", line: 0, key: "feeds", message: "missing key")
        #expect(wholeFile.description == "brinkwatch.toml: feeds: missing key")
        #expect(TOMLError.Code.syntax.description == "syntax")
    }

    @Test("quoted keys that need quoting are quoted in error paths")
    func quotedKeyPaths() throws {
        let error = try #require(parseError("[\"my table\"]\n'a.b' = 1\n'a.b' = 2"))
        #expect(error.key == #""my table"."a.b""#)
        #expect(error.line == 3)
    }

    @Test("arrays nested up to the depth limit parse; one level deeper is an error, not a crash")
    func arrayDepthLimit() throws {
        let limit = TOML.maxDepth
        let deepest = "a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        var value = try #require(try parse(deepest)["a"])
        for _ in 1..<limit {
            value = try #require(value.arrayValue?.first)
        }
        #expect(value.arrayValue == [])

        let tooDeep = "a = " + String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = try #require(parseError(tooDeep))
        #expect(error.message == "arrays and inline tables are nested more than 64 levels deep")
        #expect(error.column == 5 + limit)

        let hostile = "a = " + String(repeating: "[", count: 200_000)
        #expect(parseError(hostile)?.code == .syntax)
        let hostileInline = "a = " + String(repeating: "{b=", count: 100_000)
        #expect(parseError(hostileInline)?.code == .syntax)
    }

    @Test("dotted keys and headers cannot nest tables beyond the depth limit")
    func tableDepthLimit() throws {
        // Up to `maxDepth` tables, then the value: maxDepth + 1 keys.
        let okPath = (1...(TOML.maxDepth + 1)).map { "k\($0)" }.joined(separator: ".")
        #expect(try parse("\(okPath) = 1").value(at: okPath.split(separator: ".").map(String.init)) != nil)

        let longPath = (1...(TOML.maxDepth + 2)).map { "k\($0)" }.joined(separator: ".")
        let dotted = try #require(parseError("\(longPath) = 1"))
        #expect(dotted.message == "tables are nested more than 64 levels deep")

        let header = try #require(parseError("[\(longPath).x]\n"))
        #expect(header.message == "tables are nested more than 64 levels deep")
        #expect((header.line, header.column) == (1, 1))

        let hugeHeader = "[" + Array(repeating: "x", count: 100_000).joined(separator: ".") + "]"
        #expect(parseError(hugeHeader)?.code == .syntax)
    }
}
