#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A forward-only reader of one JSON document, for the fast path of reading stored records
/// (``JSONWriter`` writes them).
///
/// It accepts only what it is sure of: every method throws ``Mismatch`` on anything else
/// (malformed JSON, an escape it cannot map, a date in another form, a number that is not a
/// plain integer where one is expected, a number a `Double` cannot hold, a key given twice in
/// one object, which `JSONDecoder` reads as its first value), and the caller then decodes the
/// record with `JSONDecoder`, whose verdict stands. So the fast path can be strict and small
/// without ever changing a result.
public struct JSONCursor {
    public struct Mismatch: Error {
        public init() {}
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Nesting allowed in skipped values before giving up.
    private static let maxDepth = 64

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: - Structure

    /// Calls `member` with each key of the object at the cursor; `member` must read its value.
    public mutating func object(_ member: (inout JSONCursor, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        var keys = Set<String>()
        while true {
            let key = try string()
            guard keys.insert(key).inserted else { throw Mismatch() }
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw Mismatch()
            }
        }
    }

    /// Reads the array at the cursor with `element` for each of its values.
    public mutating func array<Element>(_ element: (inout JSONCursor) throws -> Element) throws -> [Element] {
        try expect(UInt8(ascii: "["))
        var elements: [Element] = []
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try element(&self))
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return elements
            default: throw Mismatch()
            }
        }
    }

    /// Throws unless only white space is left.
    public mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw Mismatch() }
    }

    // MARK: - Values

    /// True (and consumed) when the value at the cursor is `null`.
    public mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    public mutating func bool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Mismatch()
        }
    }

    /// A plain integer: an optional minus and digits, nothing else.
    public mutating func int() throws -> Int {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw Mismatch() }
            value = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Mismatch() }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw Mismatch()
        }
        return negative ? -value : value
    }

    /// Any JSON number, read as Swift reads its text (correctly rounded); one too large for a
    /// `Double`, or too small to be anything but zero, is left to `JSONDecoder` (which refuses
    /// both).
    public mutating func double() throws -> Double {
        _ = try peek()
        let start = index
        try skipNumber()
        let text = bytes[start..<index]
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { throw Mismatch() }
        if value == 0 {
            let mantissa = text.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            guard !mantissa.contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) else { throw Mismatch() }
        }
        return value
    }

    public mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw Mismatch() }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw Mismatch() }
            index += 1
        }
        throw Mismatch()
    }

    /// The rest of a string that holds escapes; `start` is just after its opening quote.
    private mutating func escapedString(from start: Int) throws -> String {
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let result = String(validating: text, as: UTF8.self) else { throw Mismatch() }
                return result
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Mismatch() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0c)
                case UInt8(ascii: "n"): text.append(0x0a)
                case UInt8(ascii: "r"): text.append(0x0d)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"): text.append(contentsOf: try unicodeEscape())
                default: throw Mismatch()
                }
            default:
                guard byte >= 0x20 else { throw Mismatch() }
                text.append(byte)
            }
        }
        throw Mismatch()
    }

    /// The UTF-8 of a `\uXXXX` escape (a surrogate pair takes two); the cursor is after the `u`.
    private mutating func unicodeEscape() throws -> [UInt8] {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw Mismatch() }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw Mismatch() }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw Mismatch() }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Mismatch() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Mismatch()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A string, or nil for `null`.
    public mutating func optionalString() throws -> String? {
        try null() ? nil : try string()
    }

    /// A string that must be one of `Value`'s raw values.
    public mutating func enumValue<Value: RawRepresentable>(_: Value.Type) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw Mismatch() }
        return value
    }

    /// A date as the records store it: `YYYY-MM-DDTHH:MM:SSZ`, in UTC.
    public mutating func date() throws -> Date {
        let text = Array(try string().utf8)
        guard text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
            text[19] == UInt8(ascii: "Z")
        else { throw Mismatch() }
        func number(_ range: Range<Int>) throws -> Int {
            var value = 0
            for position in range {
                let byte = text[position]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw Mismatch() }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let year = try number(0..<4), month = try number(5..<7), day = try number(8..<10)
        let hour = try number(11..<13), minute = try number(14..<16), second = try number(17..<19)
        // Foundation reads dates before the Gregorian reform (October 1582) in the Julian
        // calendar, where the same text names another day; those few are left to it.
        guard year >= 1583, (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { throw Mismatch() }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }


    /// Reads past the value at the cursor, checking that it is well-formed JSON.
    public mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw Mismatch() }
        switch try peek() {
        case UInt8(ascii: "{"): try object { cursor, _ in try cursor.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): _ = try array { cursor in try cursor.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default: try skipNumber()
        }
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws {
        func digits() throws {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > start else { throw Mismatch() }
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let start = index
        try digits()
        if index - start > 1, bytes[start] == UInt8(ascii: "0") { throw Mismatch() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    // MARK: - Bytes

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not white space, left in place.
    private mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw Mismatch() }
        return bytes[index]
    }

    /// The next byte that is not white space, consumed.
    private mutating func next() throws -> UInt8 {
        let byte = try peek()
        index += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try next() == byte else { throw Mismatch() }
    }

    private mutating func literal(_ word: StaticString) throws {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Mismatch() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Mismatch() }
        index += count
    }
}
