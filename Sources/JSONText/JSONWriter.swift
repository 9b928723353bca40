#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes JSON by hand to the same bytes as Foundation's `JSONEncoder` with `.sortedKeys` and
/// `.iso8601` dates, for the records brinkwatch stores (inbox envelopes, classified items).
///
/// Why by hand: `JSONEncoder` builds a tree of boxed values before writing a byte, and it was a
/// quarter of the whole pipeline's processor time (an envelope encoded by the fetcher, a record
/// by each worker). Why the same bytes: records written before and after read alike, a record's
/// bytes stay a function of its content, and a test can hold this writer to `JSONEncoder`.
///
/// The caller writes an object's members in the order `.sortedKeys` gives, the UTF-8 byte order
/// of their keys, and leaves out a nil optional as the synthesised `Encodable` does. Separators
/// and layout are the writer's business: a value or member that follows another gets its
/// comma, and with `prettyPrinted` its line and indentation as `.prettyPrinted` lays them out.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Where the writer stands in the innermost open object or array.
    private enum Position {
        /// Just after its opening bracket (or at the top, before anything).
        case first
        /// After a value or member.
        case next
        /// After a member's key, before its value.
        case value
    }

    private var position = Position.first
    /// Objects and arrays open around the next value.
    private var depth = 0
    /// `JSONEncoder`'s `.prettyPrinted` layout: a line per value, two spaces per level, `" : "`.
    public let prettyPrinted: Bool

    public init(capacity: Int = 1_024, prettyPrinted: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.prettyPrinted = prettyPrinted
    }

    /// A value that is not finite has no JSON form (`JSONEncoder` throws too).
    public struct NotFinite: Error, CustomStringConvertible {
        public var value: Double
        public var description: String { "\(value) cannot be written as JSON" }
    }

    // MARK: - Structure

    public mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// The key of the next member: a name that needs no escaping, as a type's property names.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        colon()
    }

    /// The key of the next member, escaped like any string (a dictionary's key).
    public mutating func key(_ name: String) {
        string(name)
        colon()
    }

    // MARK: - Values

    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        if value.utf8.withContiguousStorageIfAvailable({ escape($0) }) == nil {
            var copy = value  // a bridged string: made native and contiguous
            copy.withUTF8 { escape($0) }
        }
        bytes.append(UInt8(ascii: "\""))
        position = .next
    }

    public mutating func int(_ value: Int) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt(value))
        }
        position = .next
    }

    /// A number as `JSONEncoder` writes a `Double`: Swift's shortest form that reads back the
    /// same, without a trailing `.0`.
    public mutating func double(_ value: Double) throws(NotFinite) {
        guard value.isFinite else { throw NotFinite(value: value) }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        position = .next
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        position = .next
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        position = .next
    }

    /// A date as `JSONEncoder`'s `.iso8601` strategy writes it: `YYYY-MM-DDTHH:MM:SSZ` in UTC,
    /// the fraction of a second dropped. Dropped as Foundation drops it: from the seconds since
    /// its reference date (2001), which differ from the seconds since 1970 by a whole number,
    /// but a fraction a hair under a second can round up when that number is added first.
    /// Foundation writes dates before October 1582 in the Julian calendar, and years past 9999
    /// with more digits; those few are left to its own formatter.
    public mutating func date(_ value: Date) {
        let seconds = value.timeIntervalSinceReferenceDate.rounded(.down) + Date.timeIntervalBetween1970AndReferenceDate
        guard seconds >= Self.firstPlainSecond, seconds < Self.endOfPlainSeconds else {
            string(value.formatted(.iso8601))
            return
        }
        let whole = Int(seconds)
        let (days, clock) = (whole.floorDivided(by: 86_400), whole.floorModulo(86_400))
        let civil = CivilDate.date(days: days)
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendPadded(civil.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(civil.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(civil.day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        appendPadded(clock / 3_600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(clock / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(clock % 60, width: 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
        position = .next
    }

    // MARK: - Members that a nil leaves out

    public mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    public mutating func member(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        int(value)
    }

    public mutating func member(_ key: StaticString, _ value: Date?) {
        guard let value else { return }
        self.key(key)
        date(value)
    }

    public mutating func member(_ key: StaticString, strings: [String]) {
        self.key(key)
        beginArray()
        for value in strings { string(value) }
        endArray()
    }

    /// An object from a dictionary, its keys in the order `.sortedKeys` gives them (by their
    /// UTF-8 bytes), each value written by `value`.
    public mutating func object<Value, Failure: Error>(
        _ dictionary: [String: Value], value: (inout JSONWriter, Value) throws(Failure) -> Void
    ) throws(Failure) {
        beginObject()
        for key in dictionary.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            self.key(key)
            try value(&self, dictionary[key]!)
        }
        endObject()
    }

    // MARK: - Bytes

    /// What comes before a value or a key where the writer stands: a comma after an earlier
    /// one, and in the pretty layout a new line and the indentation inside a container.
    private mutating func separate() {
        switch position {
        case .value: return
        case .next: bytes.append(UInt8(ascii: ","))
        case .first: break
        }
        if prettyPrinted, depth > 0 { newLine(indent: depth) }
    }

    private mutating func colon() {
        if prettyPrinted {
            bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        position = .value
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        position = .first
    }

    /// An empty container is laid out as `JSONEncoder` does it: `{`, an empty line, `}`.
    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if prettyPrinted {
            if position == .first { bytes.append(UInt8(ascii: "\n")) }
            newLine(indent: depth)
        }
        bytes.append(bracket)
        position = .next
    }

    private mutating func newLine(indent: Int) {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * indent) { bytes.append(UInt8(ascii: " ")) }
    }

    /// Appends a string's UTF-8 with `JSONEncoder`'s escapes: quote, backslash and slash behind
    /// a backslash, the five control characters with a short escape, the other control
    /// characters as `\u00xx` (lower-case hex); every other byte as it is.
    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/")
            else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0a: bytes.append(UInt8(ascii: "n"))
            case 0x0c: bytes.append(UInt8(ascii: "f"))
            case 0x0d: bytes.append(UInt8(ascii: "r"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0f)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    private mutating func appendDigits(_ value: UInt) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        appendDigits(value / 10)
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var power = 10
        while value >= power {
            digits += 1
            power *= 10
        }
        for _ in digits..<max(digits, width) { bytes.append(UInt8(ascii: "0")) }
        appendDigits(UInt(value))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    /// 1583-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the dates written here, not by Foundation.
    private static let firstPlainSecond = Double(CivilDate.days(year: 1583, month: 1, day: 1) * 86_400)
    private static let endOfPlainSeconds = Double(CivilDate.days(year: 10_000, month: 1, day: 1) * 86_400)
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
