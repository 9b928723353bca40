import Testing

import TOML

@Suite("Integers, floats, booleans and date-times")
struct ScalarTests {
    @Test("decimal integers take signs and underscores and span the full 64-bit range")
    func decimalIntegers() throws {
        let table = try parse(
            """
            a = +99
            b = -17
            c = 0
            d = 1_000_000
            e = 9223372036854775807
            f = -9223372036854775808
            g = -0
            """)
        let expected: [String: Int64] = [
            "a": 99, "b": -17, "c": 0, "d": 1_000_000, "e": .max, "f": .min, "g": 0,
        ]
        for (key, number) in expected {
            #expect(table[key]?.kind == .integer(number), "key \(key)")
        }
        #expect(table["a"]?.typeName == "integer")
    }

    @Test("hexadecimal, octal and binary integers")
    func prefixedIntegers() throws {
        let table = try parse("h = 0xDEAD_beef\no = 0o755\nb = 0b1101_0110\nmax = 0x7FFFFFFFFFFFFFFF\nz = 0x0")
        #expect(table["h"]?.kind == .integer(0xDEAD_BEEF))
        #expect(table["o"]?.kind == .integer(0o755))
        #expect(table["b"]?.kind == .integer(0b1101_0110))
        #expect(table["max"]?.kind == .integer(.max))
        #expect(table["z"]?.kind == .integer(0))
    }

    @Test(
        "malformed or out-of-range integers are syntax errors at the value",
        arguments: [
            "01", "-01", "1__0", "_1", "1_", "+0x1", "0xG1", "0o8", "0b2", "0X10", "0x",
            "9223372036854775808", "-9223372036854775809", "0x8000000000000000", "1a",
        ])
    func invalidIntegers(literal: String) throws {
        let error = try #require(parseError("a = \(literal)"))
        #expect(error.code == .syntax)
        #expect(error.line == 1)
        #expect(error.column == 5)
        #expect(error.key == "a")
        #expect(error.message.contains(literal))
    }

    @Test("floats: fractions, exponents, underscores, inf and nan")
    func floats() throws {
        let table = try parse(
            """
            a = 3.1415
            b = -0.01
            c = 5e+22
            d = 1e06
            e = -2E-2
            f = 6.626e-34
            g = 224_617.445_991
            h = +1.5
            i = 0.0
            j = inf
            k = -inf
            l = nan
            m = -nan
            """)
        let expected: [String: Double] = [
            "a": 3.1415, "b": -0.01, "c": 5e22, "d": 1e6, "e": -0.02, "f": 6.626e-34,
            "g": 224_617.445_991, "h": 1.5, "i": 0, "j": .infinity, "k": -.infinity,
        ]
        for (key, number) in expected {
            #expect(table[key]?.kind == .float(number), "key \(key)")
        }
        #expect(table["l"]?.doubleValue?.isNaN == true)
        #expect(table["m"]?.doubleValue?.isNaN == true)
        #expect(table["a"]?.typeName == "float")
    }

    @Test(
        "malformed floats are syntax errors",
        arguments: [".7", "7.", "3.e+20", "1e", "1e+", "1.2.3", "01.5", "1._5", "1.5_", "1e400", "infinity", "+-1.0"])
    func invalidFloats(literal: String) throws {
        let error = try #require(parseError("a = \(literal)"))
        #expect(error.code == .syntax)
        #expect(error.column == 5)
    }

    @Test("booleans, and bare words that are neither are rejected with a hint about quotes")
    func booleans() throws {
        let table = try parse("yes = true\nno = false")
        #expect(table["yes"]?.kind == .boolean(true))
        #expect(table["no"]?.kind == .boolean(false))
        #expect(table["no"]?.typeName == "boolean")

        let error = try #require(parseError("enabled = yes"))
        #expect(error.message == "invalid value 'yes' (strings need quotes)")
        #expect(error.description == "test.toml:1:11: enabled: invalid value 'yes' (strings need quotes)")
        #expect(parseError("a = truex")?.column == 5)
        #expect(parseError("a = True")?.column == 5)
    }

    @Test(
        "the four date-time shapes keep their source text",
        arguments: [
            "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", "1979-05-27 07:32:00Z",
            "1979-05-27t07:32:00z", "1979-05-27T07:32:00", "1979-05-27T00:32:00.5", "1979-05-27",
            "07:32:00", "00:32:00.999999", "2024-02-29", "2000-02-29T23:59:60+14:00",
        ])
    func datetimes(literal: String) throws {
        let value = try valueOfA(literal)
        #expect(value.kind == .datetime(literal))
        #expect(value.typeName == "datetime")
    }

    @Test(
        "impossible or malformed date-times are syntax errors",
        arguments: [
            "2023-02-29", "1900-02-29", "1979-13-01", "1979-00-10", "1979-04-31", "1979-05-27T24:00:00",
            "1979-05-27T07:60:00", "07:32", "1979-05-27T07:32:00+5:00", "1979-05-27T07:32:00+25:00",
            "1979-5-27", "1979-05-27T07:32:00.", "1979-05-27X07:32:00", "1979-05-27T07:32:00Zjunk",
        ])
    func invalidDatetimes(literal: String) throws {
        let error = try #require(parseError("a = \(literal)"))
        #expect(error.code == .syntax)
        #expect(error.column == 5)
        #expect(error.message.hasPrefix("invalid date-time"))
    }

    @Test("a date followed by a comment is a date, not a date-time with a space")
    func dateBeforeComment() throws {
        let table = try parse("d = 1979-05-27 # birthday\nt = 1979-05-27 07:32:00 # with a space")
        #expect(table["d"]?.kind == .datetime("1979-05-27"))
        #expect(table["t"]?.kind == .datetime("1979-05-27 07:32:00"))
    }
}
