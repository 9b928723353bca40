import Testing

import TOML

@Suite("Keys, tables, arrays and inline tables")
struct StructureTests {
    @Test("bare, quoted and dotted keys, with blanks around the dots")
    func keys() throws {
        let table = try parse(
            """
            bare_key-1 = 1
            "127.0.0.1" = "quoted"
            'literal key' = 2
            "" = "empty"
            site . "google.com" . ok = true
            3.14 = "pi"
            """)
        #expect(table.keys == ["bare_key-1", "127.0.0.1", "literal key", "", "site", "3"])
        #expect(table["127.0.0.1"]?.kind == .string("quoted"))
        #expect(table[""]?.kind == .string("empty"))
        #expect(table.value(at: ["site", "google.com", "ok"])?.kind == .boolean(true))
        #expect(table[path: "3.14"]?.kind == .string("pi"))
    }

    @Test("dotted keys build nested tables in document order")
    func dottedKeys() throws {
        let table = try parse(
            """
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site.url = "x"
            """)
        #expect(table.keys == ["name", "physical", "site"])
        let physical = try #require(table["physical"]?.tableValue)
        #expect(physical.keys == ["color", "shape"])
        #expect(physical.line == 2)
        #expect(table["physical"]?.typeName == "table")
    }

    @Test("a header may define a table that an earlier header only implied, and sub-tables of dotted tables")
    func tableMerging() throws {
        let table = try parse(
            """
            [x.y.z]
            w = 1
            [x]
            v = 2
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """)
        #expect(table[path: "x.y.z.w"]?.kind == .integer(1))
        #expect(table[path: "x.v"]?.kind == .integer(2))
        #expect(table["x"]?.tableValue?.keys == ["y", "v"])
        #expect(table["x"]?.line == 3)
        #expect(table[path: "fruit.apple.texture.smooth"]?.kind == .boolean(true))
        #expect(table[path: "fruit.apple"]?.tableValue?.keys == ["color", "taste", "texture"])
    }

    @Test(
        "redefining a key or table is an error at the second definition",
        arguments: [
            ("a = 1\na = 2", 2, 1, "a", "duplicate key (first defined at line 1)"),
            ("a.b = 1\na.b = 2", 2, 3, "a.b", "duplicate key (first defined at line 1)"),
            ("[a]\nx = 1\n[a]", 3, 1, "a", "table 'a' is defined twice (first at line 1)"),
            ("[a]\nb = 1\n[a.b]", 3, 1, "a.b", "already defined as an integer at line 2, not a table"),
            ("[fruit]\napple.color = 'red'\n[fruit.apple]", 3, 1, "fruit.apple",
                "table 'fruit.apple' was already created by dotted keys at line 2"),
            ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 3, "a.b.c",
                "cannot add to table 'a.b.c' with a dotted key: it is defined by a header at line 1"),
            ("a = 1\n[a]", 2, 1, "a", "already defined as an integer at line 1, not a table"),
            ("a = {b = 1}\n[a.c]", 2, 2, "a", "an inline table (line 1) cannot be extended"),
            ("a = {}\na.b = 1", 2, 1, "a", "an inline table (line 1) cannot be extended"),
            ("a = [1]\n[[a]]", 2, 1, "a", "cannot append to 'a': it is already an array (line 1)"),
            ("[[a]]\n[a]", 2, 1, "a", "already defined as an array of tables at line 1, not a table"),
            ("[a]\n[[a]]", 2, 1, "a", "cannot append to 'a': it is already a table (line 1)"),
            ("p = {x = 1, x = 2}", 1, 13, "p.x", "duplicate key (first defined at line 1)"),
        ])
    func redefinitions(text: String, line: Int, column: Int, key: String, message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.code == .syntax)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.key == key)
        #expect(error.message == message)
    }

    @Test("arrays of tables, with sub-tables and nested arrays attached to the last element")
    func arraysOfTables() throws {
        let table = try parse(
            """
            [[fruits]]
            name = "apple"

            [fruits.physical]
            color = "red"

            [[fruits.varieties]]
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        let fruits = try #require(table["fruits"]?.arrayValue)
        #expect(table["fruits"]?.line == 1)
        #expect(fruits.count == 2)
        #expect(fruits.map(\.line) == [1, 13])
        let apple = try #require(fruits[0].tableValue)
        #expect(apple.keys == ["name", "physical", "varieties"])
        #expect(apple[path: "physical.color"]?.kind == .string("red"))
        let varieties = try #require(apple["varieties"]?.arrayValue)
        #expect(varieties.compactMap { $0.tableValue?["name"]?.stringValue } == ["red delicious", "granny smith"])
        #expect(varieties.map(\.line) == [7, 10])
        #expect(fruits[1].tableValue?["varieties"]?.arrayValue?.count == 1)
    }

    @Test("an error inside an array-of-tables element names the element's index")
    func arrayOfTablesErrorPath() throws {
        let error = try #require(parseError("[[feeds]]\nurl = 'a'\n[[feeds]]\nurl = 'b'\nurl = 'c'"))
        #expect(error.key == "feeds[1].url")
        #expect(error.description == "test.toml:5:1: feeds[1].url: duplicate key (first defined at line 4)")
    }

    @Test("inline tables: nesting, dotted keys inside, empty, and inside arrays")
    func inlineTables() throws {
        let table = try parse(
            """
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug", type.size = "small" }
            empty = {}
            nested = { inner = { deep = [1, { z = true }] } }
            list = [ { a = 1 }, { a = 2 } ]
            """)
        #expect(table[path: "name.last"]?.kind == .string("Preston-Werner"))
        #expect(table["point"]?.tableValue?.keys == ["x", "y"])
        #expect(table[path: "animal.type.size"]?.kind == .string("small"))
        #expect(table["empty"]?.tableValue?.isEmpty == true)
        let deep = try #require(table[path: "nested.inner.deep"]?.arrayValue)
        #expect(deep.last?.tableValue?["z"]?.kind == .boolean(true))
        #expect(table["list"]?.arrayValue?.count == 2)
        #expect(table["list"]?.arrayValue?[1].tableValue?["a"]?.kind == .integer(2))
    }

    @Test(
        "inline tables stay on one line and have no trailing comma",
        arguments: [
            ("a = { b = 1, }", 1, 14, "a trailing comma is not allowed in an inline table"),
            ("a = { b = 1,\n c = 2 }", 1, 13, "an inline table must be on one line (TOML 1.0), found a line break"),
            ("a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' in an inline table, found 'c'"),
            ("a = { b = 1", 1, 5, "unterminated inline table"),
        ])
    func inlineTableErrors(text: String, line: Int, column: Int, message: String) throws {
        let error = try #require(parseError(text))
        #expect((error.line, error.column) == (line, column))
        #expect(error.message == message)
    }

    @Test("arrays: mixed types, nesting, line breaks, comments and a trailing comma")
    func arrays() throws {
        let table = try parse(
            """
            mixed = [ 1, "two", 3.0, true, 1979-05-27, [ 'x' ], { y = 1 } ]
            long = [
                "a",   # first
                # a whole-line comment
                "b",
            ]
            empty = [ ]
            nested = [[1, 2], [3]]
            """)
        let mixed = try #require(table["mixed"]?.arrayValue)
        #expect(mixed.map(\.typeName) == ["integer", "string", "float", "boolean", "datetime", "array", "table"])
        #expect(table["long"]?.arrayValue?.compactMap(\.stringValue) == ["a", "b"])
        #expect(table["long"]?.arrayValue?.map(\.line) == [3, 5])
        #expect(table["empty"]?.arrayValue?.isEmpty == true)
        #expect(table["nested"]?.arrayValue?.first?.arrayValue?.count == 2)
        #expect(table["nested"]?.typeName == "array")
    }

    @Test(
        "malformed arrays are reported where the problem is",
        arguments: [
            ("a = [1 2]", 1, 8, "expected ',' or ']' after an array element, found '2'"),
            ("a = [,]", 1, 6, "expected a value, found ','"),
            ("a = [1,,2]", 1, 8, "expected a value, found ','"),
            ("x = 0\na = [1,\n2", 2, 5, "unterminated array"),
        ])
    func arrayErrors(text: String, line: Int, column: Int, message: String) throws {
        let error = try #require(parseError(text))
        #expect((error.line, error.column) == (line, column))
        #expect(error.message == message)
        #expect(error.key == "a")
    }

    @Test("every value and table knows its line; the root table is line 0")
    func lineNumbers() throws {
        let table = try parse(
            """
            # comment
            title = "x"

            [server]
            host = "a"
            ports = [
              8001,
              8002,
            ]
            limits.max = 3

            [deep.nested.table]
            on = true
            """)
        #expect(table.line == 0)
        #expect(table["title"]?.line == 2)
        #expect(table["server"]?.line == 4)
        #expect(table["server"]?.tableValue?.line == 4)
        #expect(table[path: "server.host"]?.line == 5)
        #expect(table[path: "server.ports"]?.line == 6)
        #expect(table[path: "server.ports"]?.arrayValue?.map(\.line) == [7, 8])
        #expect(table[path: "server.limits"]?.line == 10)
        #expect(table[path: "server.limits.max"]?.line == 10)
        #expect(table["deep"]?.line == 12)
        #expect(table[path: "deep.nested.table.on"]?.line == 13)
    }

    @Test("CRLF line endings, a byte-order mark and comments everywhere are accepted")
    func lineEndingsAndComments() throws {
        let table = try parse("\u{FEFF}# head\r\na = 1 # trailing\r\n\r\n[t] # header comment\r\nb = \"#x\"\r\n")
        #expect(table["a"]?.line == 2)
        #expect(table["t"]?.line == 4)
        #expect(table[path: "t.b"]?.kind == .string("#x"))
        #expect(table[path: "t.b"]?.line == 5)
        #expect(try parse("").isEmpty)
        #expect(try parse("# only a comment").isEmpty)
    }
}
