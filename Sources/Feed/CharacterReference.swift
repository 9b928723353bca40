/// Decodes one HTML character reference (`&amp;`, `&#8217;`, `&#x2014;`) from UTF-8 bytes.
enum CharacterReference {
    /// The decoded scalar and the index just past the reference, or nil when the `&` at `start` is literal text.
    ///
    /// Numeric references to 0x80-0x9F are read as Windows-1252, as browsers do, because feeds generated from
    /// Windows text write `&#146;` for an apostrophe. Named references need their `;`, except the four that
    /// hand-written feeds most often leave open (`&amp`, `&lt`, `&gt`, `&quot`).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < bytes.count && bytes[index] | 0x20 == UInt8(ascii: "x")
            if hex { index += 1 }
            var value: UInt32 = 0
            let digitsStart = index
            while index < bytes.count, let digit = digitValue(bytes[index], hex: hex), index - digitsStart < 8 {
                value = value * (hex ? 16 : 10) + digit
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (numericScalar(value), index)
        }
        let nameStart = index
        while index < bytes.count, index - nameStart <= 8, isAlphanumeric(bytes[index]) { index += 1 }
        let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
        if index < bytes.count, bytes[index] == UInt8(ascii: ";"), let scalar = HTMLEntities.scalar(named: name) {
            return (scalar, index + 1)
        }
        if let scalar = legacyScalar(name) { return (scalar, index) }
        return nil
    }

    static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value) { return TextDecoding.windows1252Scalar(UInt8(value)) }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static func legacyScalar(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        default: return nil
        }
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
