import Testing

import TOML

@Suite("Basic, literal and multi-line strings")
struct StringTests {
    @Test("basic strings decode every escape, including \\u and \\U")
    func basicEscapes() throws {
        let table = try parse(#"s = "b\b t\t n\n f\f r\r q\" bs\\ e\u00E9 smile\U0001F600 tab"# + "\t" + #"end""#)
        #expect(table["s"]?.kind == .string("b\u{08} t\t n\n f\u{0C} r\r q\" bs\\ e\u{E9} smile\u{1F600} tab\tend"))
        #expect(table["s"]?.typeName == "string")
        #expect(try valueOfA(#""""#).kind == .string(""))
        #expect(try valueOfA(##""# not a comment""##).kind == .string("# not a comment"))
    }

    @Test(
        "a bad escape is reported at its backslash",
        arguments: [
            (#""ab\qc""#, "invalid escape '\\q'"),
            (#""ab\u12""#, "needs 4 hex digits"),
            (#""ab\uD800""#, "U+D800 is not a Unicode scalar value"),
            (#""ab\U00110000""#, "U+00110000 is not a Unicode scalar value"),
            (#""ab\e""#, "invalid escape '\\e'"),
            (#""ab\ x""#, "invalid escape '\\ '"),
        ])
    func invalidEscapes(literal: String, message: String) throws {
        let error = try #require(parseError("a = \(literal)"))
        #expect(error.line == 1)
        #expect(error.column == 8)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("literal strings keep backslashes and quotes as written")
    func literalStrings() throws {
        let table = try parse(#"path = 'C:\Users\nodejs\templates'"# + "\n" + #"quoted = 'Tom "Dubs" Preston'"#)
        #expect(table["path"]?.kind == .string(#"C:\Users\nodejs\templates"#))
        #expect(table["quoted"]?.kind == .string(#"Tom "Dubs" Preston"#))
    }

    @Test("multi-line basic strings drop the first line break and keep the others")
    func multiLineBasic() throws {
        let table = try parse("s = \"\"\"\nRoses are red\n\tViolets \\u00E9\n\"\"\"\nafter = 1")
        #expect(table["s"]?.kind == .string("Roses are red\n\tViolets \u{E9}\n"))
        #expect(table["s"]?.line == 1)
        #expect(table["after"]?.line == 5)
    }

    @Test("a line-ending backslash removes the line break and the blanks that follow")
    func lineEndingBackslash() throws {
        let text = "s = \"\"\"\nThe quick \\\n\n    brown \\   \n   fox.\\\n  \"\"\""
        let table = try parse(text)
        #expect(table["s"]?.kind == .string("The quick brown fox."))
    }

    @Test("up to two quotes may sit right before the closing delimiter")
    func quotesBeforeClosing() throws {
        let table = try parse(
            #"""
            a = """Two quotes: "". Simple."""
            b = """"This," she said, "is pointless.""""
            c = ''''That,' she said, 'is still pointless.''''
            d = """a"""""
            """#)
        #expect(table["a"]?.kind == .string(#"Two quotes: "". Simple."#))
        #expect(table["b"]?.kind == .string(#""This," she said, "is pointless.""#))
        #expect(table["c"]?.kind == .string("'That,' she said, 'is still pointless.'"))
        #expect(table["d"]?.kind == .string(#"a"""#))
        #expect(parseError(#"e = """a""""""""#)?.message == "too many quotes at the end of a multi-line string")
    }

    @Test("multi-line literal strings take everything literally")
    func multiLineLiteral() throws {
        let table = try parse("re = '''\nI [dw]on't need \\d{2} apples\n  second line'''")
        #expect(table["re"]?.kind == .string("I [dw]on't need \\d{2} apples\n  second line"))
    }

    @Test("CRLF line breaks inside multi-line strings become LF")
    func multiLineCRLF() throws {
        let table = try parse("a = '''\r\nx\r\ny'''\r\nb = \"\"\"x\r\n\\\r\n  y\r\nz\"\"\"\r\n")
        #expect(table["a"]?.kind == .string("x\ny"))
        #expect(table["b"]?.kind == .string("x\ny\nz"))
        #expect(table["b"]?.line == 4)
    }

    @Test("unterminated strings are reported where they open")
    func unterminated() throws {
        let basic = try #require(parseError("x = 1\nname = \"abc\nnext = 2"))
        #expect((basic.line, basic.column) == (2, 8))
        #expect(basic.message == "unterminated string")
        #expect(basic.description == "test.toml:2:8: name: unterminated string")

        let literal = try #require(parseError("name = 'abc"))
        #expect((literal.line, literal.column) == (1, 8))

        let multi = try #require(parseError("a = 1\ntext = \"\"\"\nline\nline\n"))
        #expect((multi.line, multi.column, multi.message) == (2, 8, "unterminated multi-line string"))

        let multiLiteral = try #require(parseError("text = '''\nline"))
        #expect((multiLiteral.line, multiLiteral.column) == (1, 8))
    }

    @Test("control characters must be escaped; tab is allowed; columns count characters, not bytes")
    func controlCharacters() throws {
        let bell = try #require(parseError("\"ключ\" = \"ab\u{07}c\""))
        #expect(bell.message == "control character U+0007 must be escaped in a string")
        #expect((bell.line, bell.column) == (1, 13))
        #expect(bell.key == "\"ключ\"")

        #expect(parseError("a = 'x\u{7F}'")?.column == 7)
        #expect(parseError("a = '''x\u{00}'''")?.message.contains("U+0000") == true)
        #expect(
            parseError("a = 1 # bad \u{01} comment")?.message == "control character U+0001 is not allowed in a comment")
        #expect(try valueOfA("'a\tb'").kind == .string("a\tb"))
    }

    @Test("a backslash at the end of a single-line string's line is an error")
    func backslashNewlineInBasicString() throws {
        let error = try #require(parseError("a = \"abc\\\ndef\""))
        #expect(error.message == "a backslash can end a line only in a multi-line string")
        #expect(error.column == 9)
    }
}
