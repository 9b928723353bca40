import Foundation
import JSONText
import Testing
import TestSupport

/// The hand-written JSON of stored records must be byte for byte what `JSONEncoder` writes with
/// sorted keys and ISO 8601 dates: records written before and after this writer must read
/// alike, and a record's bytes must stay a function of its content.
@Suite("JSON writer: the bytes JSONEncoder writes")
struct JSONWriterTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    func reference(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    func written(_ write: (inout JSONWriter) throws -> Void) rethrows -> String {
        var writer = JSONWriter()
        try write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("every ASCII character, and text beyond ASCII, is escaped exactly as JSONEncoder escapes it")
    func strings() throws {
        var every = ""
        for value in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let strings = [every, "", "plain", "é 발사 🚀 \u{2028}\u{FEFF}\u{85}"] + TextSamples.random(count: 500, seed: 7)
        for text in strings {
            #expect(written { $0.beginArray(); $0.string(text); $0.endArray() } == (try reference([text])), "\(text.debugDescription)")
        }
    }

    @Test("numbers: integers at the extremes, and doubles in Swift's shortest form without a trailing .0")
    func numbers() throws {
        for value in [0, 1, -1, 9, 10, 42, -1_000, Int.max, Int.min] {
            #expect(written { $0.int(value) } == (try reference([value])).dropFirst().dropLast(), "\(value)")
        }
        var generator = SplitMix(seed: 11)
        var doubles = [0.0, -0.0, 0.5, 1.0, 100.0, 0.1 + 0.2, 1e-7, 1.0 / 3, 1.2345678901234568e+20, .leastNonzeroMagnitude, 1e16, 1e15,
                       0.0001, 0.00001, -2.5, Double.greatestFiniteMagnitude]
        for _ in 0..<1_000 { doubles.append(Double.random(in: 0...1, using: &generator)) }
        for _ in 0..<1_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            if value.isFinite { doubles.append(value) }
        }
        for value in doubles {
            #expect(try written { try $0.double(value) } == (try reference([value])).dropFirst().dropLast(), "\(value)")
        }
        #expect(throws: JSONWriter.NotFinite.self) { try written { try $0.double(.nan) } }
        #expect(throws: JSONWriter.NotFinite.self) { try written { try $0.double(-.infinity) } }
    }

    @Test("dates: seconds rounded down, before 1970 too; Foundation's own form before 1583 and after 9999")
    func dates() throws {
        var seconds: [Double] = [0, 1.7, -0.4, -1.5, 951_782_400, 1_764_450_052.999, 4_107_542_399, 253_402_300_799.9,
                                 253_402_300_800, -12_219_292_800, -11_676_096_000, -11_676_096_001, -62_135_596_800, -1e11]
        var generator = SplitMix(seed: 13)
        for _ in 0..<2_000 { seconds.append(Double.random(in: -70_000_000_000...300_000_000_000, using: &generator)) }
        var dates = seconds.map { Date(timeIntervalSince1970: $0) }
        // A hair under a whole second since 2001, where Foundation counts from: adding the
        // seconds from 1970 first would round some of these up.
        for _ in 0..<2_000 {
            let whole = Double(Int.random(in: -2_000_000_000...2_000_000_000, using: &generator))
            dates.append(Date(timeIntervalSinceReferenceDate: whole.nextDown))
            dates.append(Date(timeIntervalSinceReferenceDate: whole - Double.random(in: 0..<1e-6, using: &generator)))
        }
        for date in dates {
            #expect(written { $0.date(date) } == (try reference([date])).dropFirst().dropLast(), "\(date.timeIntervalSinceReferenceDate)")
        }
    }

    @Test("objects and arrays nest with their separators; a nil member is left out; keys with escapes are escaped",
          arguments: [false, true])
    func structure(prettyPrinted: Bool) throws {
        struct Inner: Encodable { var a: [Int]; var b: String? }
        struct Outer: Encodable { var empty: [String]; var inner: [Inner]; var map: [String: Bool]; var none: [String: Int]
            var zero: Int?
        }
        // Empty arrays at two depths and an empty object, whose pretty layout is peculiar.
        let value = Outer(empty: [], inner: [Inner(a: [1, 2], b: nil), Inner(a: [], b: "x")], map: ["q\"/": true, "a": false], none: [:], zero: nil)
        var writer = JSONWriter(prettyPrinted: prettyPrinted)
        do {
            writer.beginObject()
            writer.member("empty", strings: [])
            writer.key("inner")
            writer.beginArray()
            writer.beginObject()
            writer.key("a"); writer.beginArray(); writer.int(1); writer.int(2); writer.endArray()
            writer.member("b", nil as String?)
            writer.endObject()
            writer.beginObject()
            writer.key("a"); writer.beginArray(); writer.endArray()
            writer.member("b", "x")
            writer.endObject()
            writer.endArray()
            writer.key("map")
            writer.beginObject()
            writer.key("a"); writer.bool(false)
            writer.key("q\"/"); writer.bool(true)
            writer.endObject()
            writer.key("none")
            writer.beginObject()
            writer.endObject()
            writer.member("zero", nil as Int?)
            writer.endObject()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        #expect(writer.bytes == Array(try encoder.encode(value)), "\(String(decoding: writer.bytes, as: UTF8.self))")
    }

    @Test("what the writer writes, the cursor reads back")
    func roundTrip() throws {
        let strings = TextSamples.random(count: 200, seed: 17)
        let date = Date(timeIntervalSince1970: 1_764_450_052)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("date", date)
        writer.member("strings", strings: strings)
        writer.endObject()
        var cursor = JSONCursor(writer.bytes)
        var read: (date: Date?, strings: [String]?) = (nil, nil)
        try cursor.object { cursor, key in
            switch key {
            case "date": read.date = try cursor.date()
            case "strings": read.strings = try cursor.array { try $0.string() }
            default: Issue.record("unexpected key \(key)")
            }
        }
        try cursor.end()
        #expect(read.date == date)
        #expect(read.strings == strings)
    }
}
