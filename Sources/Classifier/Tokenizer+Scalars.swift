/// Byte-level reading of UTF-8 for the tokenizer: ASCII is answered from the byte itself,
/// other scalars are decoded and asked for their Unicode properties only when needed.
extension Tokenizer {
    /// Chinese characters and Japanese kana: scripts written without spaces, where each
    /// character is a token and data files spell words as runs of characters.
    static func isCharacterWord(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F: true
        default: false
        }
    }

    @inline(__always)
    static func isASCIIWord(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    /// Whether the scalar at byte `i` is a letter (ASCII without decoding).
    @inline(__always)
    static func isLetter(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = s[i]
        if b < 0x80 { return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        return decode(s, at: i).scalar.properties.isAlphabetic
    }

    /// Whether the scalar at byte `i` can be part of a word (ASCII without decoding).
    @inline(__always)
    static func isWordStart(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = s[i]
        if b < 0x80 { return isASCIIWord(b) }
        return isWordScalar(decode(s, at: i).scalar)
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIIWord(UInt8(c.value)) }
        // General punctuation (curly quotes, dashes, ellipsis): common in news, never a word.
        if c.value >= 0x2000 && c.value <= 0x206F { return false }
        return c.properties.isAlphabetic || c.properties.numericType == .decimal
    }

    /// The scalar starting at byte `i` and its length in bytes; malformed bytes read as U+FFFD.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let b = s[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= s.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let next = s[i + k]
            guard next & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    static func isSpace(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Bool, Int) {
        let b = s[i]
        if b < 0x80 { return (b == 0x20 || (b >= 0x09 && b <= 0x0D), 1) }
        let (c, length) = decode(s, at: i)
        if c.value >= 0x2000 && c.value <= 0x206F {
            let v = c.value
            return (v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F, length)
        }
        return (c.properties.isWhitespace, length)
    }

    /// `"`, `'`, `”`, `’` or `)`: may follow a full stop inside the sentence it ends.
    static func isCloser(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = s[i]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ")") { return true }
        guard b == 0xE2, i + 2 < s.count, s[i + 1] == 0x80 else { return false }
        return s[i + 2] == 0x9D || s[i + 2] == 0x99
    }

    /// `“` or `‘`, which may open the next sentence.
    static func isOpener(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard s[i] == 0xE2, i + 2 < s.count, s[i + 1] == 0x80 else { return false }
        return s[i + 2] == 0x9C || s[i + 2] == 0x98
    }
}
