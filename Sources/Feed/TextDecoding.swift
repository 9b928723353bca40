/// Turns the bytes libxml2 hands out into Swift strings without ever failing.
///
/// libxml2 delivers UTF-8, except after an "Input is not proper UTF-8" error in recover mode: then it passes the
/// document's raw bytes through. Such feeds are nearly always Windows-1252 mislabelled as UTF-8, so stray bytes are
/// read as Windows-1252 rather than replaced, which keeps `café` readable.
enum TextDecoding {
    static func string(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                scalars.append(windows1252Scalar(bytes[index]))
                index += 1
                continue
            }
            var value = length == 1 ? UInt32(bytes[index]) : UInt32(bytes[index]) & (0x7F >> UInt32(length))
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            index += length
        }
        return String(scalars)
    }

    /// Whether `bytes` are well-formed UTF-8 throughout (the test `String(validating:)` makes, without making the
    /// string); ASCII is checked eight bytes at a time.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count,
               UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else { return false }
            index += length
        }
        return true
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 when it is malformed.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        bytes.withUnsafeBufferPointer { sequenceLength($0, at: index) }
    }

    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        let second = bytes[index + 1]
        switch lead {
        case 0xE0 where second < 0xA0: return 0      // overlong
        case 0xED where second > 0x9F: return 0      // surrogate
        case 0xF0 where second < 0x90: return 0      // overlong
        case 0xF4 where second > 0x8F: return 0      // beyond U+10FFFF
        default: return length
        }
    }

    /// The Windows-1252 reading of one byte; bytes 0x80-0x9F map to the typographic characters browsers show.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if (0x80...0x9F).contains(byte), let scalar = Unicode.Scalar(c1Map[Int(byte) - 0x80]) { return scalar }
        return Unicode.Scalar(byte)
    }

    /// Windows-1252 code points for 0x80-0x9F; the five undefined positions keep their C1 value.
    static let c1Map: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D,
        0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A,
        0x153, 0x9D, 0x17E, 0x178,
    ]
}
