/// Values: dispatch, arrays, inline tables and the four string forms.
extension TOMLParser {
    /// Parses the value that starts at the current position (blanks already skipped).
    mutating func parseValue() throws(TOMLError) -> TOMLValue {
        let start = pos
        let startLine = line(at: start)
        guard let byte = peek() else {
            throw fail("expected a value, found the end of the file")
        }
        switch byte {
        case Byte.quote:
            let isMultiLine = peek(1) == Byte.quote && peek(2) == Byte.quote
            let text = isMultiLine ? try parseMultiLineString(literal: false) : try parseBasicString()
            return TOMLValue(.string(text), line: startLine)
        case Byte.apostrophe:
            let isMultiLine = peek(1) == Byte.apostrophe && peek(2) == Byte.apostrophe
            let text = isMultiLine ? try parseMultiLineString(literal: true) : try parseLiteralString()
            return TOMLValue(.string(text), line: startLine)
        case Byte.leftBracket:
            return try parseArray()
        case Byte.leftBrace:
            return try parseInlineTable()
        default:
            return TOMLValue(try parseScalar(), line: startLine)
        }
    }

    // MARK: Arrays and inline tables

    private mutating func enterNesting() throws(TOMLError) {
        guard valueDepth < TOML.maxDepth else {
            throw fail("arrays and inline tables are nested more than \(TOML.maxDepth) levels deep")
        }
        valueDepth += 1
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        let start = pos
        try enterNesting()
        defer { valueDepth -= 1 }
        pos += 1
        var elements: [TOMLValue] = []
        while true {
            try skipTrivia()
            guard let byte = peek() else {
                throw fail("unterminated array", at: start)
            }
            if byte == Byte.rightBracket {
                break
            }
            elements.append(try parseValue())
            try skipTrivia()
            if peek() == Byte.comma {
                pos += 1
            } else if peek() == Byte.rightBracket {
                break
            } else if peek() == nil {
                throw fail("unterminated array", at: start)
            } else {
                throw fail("expected ',' or ']' after an array element, found \(describe(at: pos))")
            }
        }
        pos += 1
        return TOMLValue(.array(elements), line: line(at: start))
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        let start = pos
        try enterNesting()
        defer { valueDepth -= 1 }
        pos += 1
        let node = TableNode(origin: .inline, line: line(at: start), depth: valueDepth)
        let prefix = contextKey ?? ""
        skipWhitespace()
        if peek() == Byte.rightBrace {
            pos += 1
            return TOMLValue(.table(node.freeze()), line: node.line)
        }
        while true {
            skipWhitespace()
            try rejectInlineLineBreak(start: start)
            if peek() == Byte.rightBrace {
                throw fail("a trailing comma is not allowed in an inline table")
            }
            try parseKeyValue(into: node, prefix: prefix)
            skipWhitespace()
            try rejectInlineLineBreak(start: start)
            if peek() == Byte.comma {
                pos += 1
            } else if peek() == Byte.rightBrace {
                pos += 1
                return TOMLValue(.table(node.freeze()), line: node.line)
            } else {
                throw fail("expected ',' or '}' in an inline table, found \(describe(at: pos))")
            }
        }
    }

    private func rejectInlineLineBreak(start: Int) throws(TOMLError) {
        guard let byte = peek() else {
            throw fail("unterminated inline table", at: start)
        }
        if byte == Byte.newline || byte == Byte.carriageReturn || byte == Byte.hash {
            throw fail("an inline table must be on one line (TOML 1.0), found \(describe(at: pos))")
        }
    }

    // MARK: Strings

    /// `"…"` with escapes, on one line.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = pos
        pos += 1
        var decoded: [UInt8] = []
        var segment = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == Byte.quote {
                decoded.append(contentsOf: bytes[segment..<pos])
                pos += 1
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == Byte.backslash {
                decoded.append(contentsOf: bytes[segment..<pos])
                try parseEscape(into: &decoded)
                segment = pos
            } else if byte == Byte.newline || byte == Byte.carriageReturn {
                break
            } else if Byte.isControl(byte) {
                throw fail("\(Byte.name(of: byte)) must be escaped in a string")
            } else {
                pos += 1
            }
        }
        throw fail("unterminated string", at: start)
    }

    /// `'…'` taken literally, on one line.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = pos
        pos += 1
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == Byte.apostrophe {
                pos += 1
                return String(decoding: bytes[(start + 1)..<(pos - 1)], as: UTF8.self)
            } else if byte == Byte.newline || byte == Byte.carriageReturn {
                break
            } else if Byte.isControl(byte) {
                throw fail("\(Byte.name(of: byte)) is not allowed in a literal string")
            }
            pos += 1
        }
        throw fail("unterminated string", at: start)
    }

    /// `"""…"""` (with escapes and line-ending backslashes) or `'''…'''` (literal). A line break right
    /// after the opening quotes is dropped; up to two quotes may precede the closing three; CRLF line
    /// breaks become LF, so a file's line endings do not leak into values.
    mutating func parseMultiLineString(literal: Bool) throws(TOMLError) -> String {
        let start = pos
        let quote = literal ? Byte.apostrophe : Byte.quote
        pos += 3
        if peek() == Byte.newline {
            pos += 1
        } else if peek() == Byte.carriageReturn, peek(1) == Byte.newline {
            pos += 2
        }
        var decoded: [UInt8] = []
        var segment = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == quote {
                var run = 0
                while peek(run) == quote {
                    run += 1
                }
                guard run >= 3 else {
                    pos += run
                    continue
                }
                guard run <= 5 else {
                    throw fail("too many quotes at the end of a multi-line string", at: pos + 5)
                }
                decoded.append(contentsOf: bytes[segment..<(pos + run - 3)])
                pos += run
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == Byte.backslash, !literal {
                decoded.append(contentsOf: bytes[segment..<pos])
                if !skipLineEndingBackslash() {
                    try parseEscape(into: &decoded)
                }
                segment = pos
            } else if byte == Byte.newline {
                pos += 1
            } else if byte == Byte.carriageReturn, peek(1) == Byte.newline {
                decoded.append(contentsOf: bytes[segment..<pos])
                decoded.append(Byte.newline)
                pos += 2
                segment = pos
            } else if Byte.isControl(byte) {
                throw fail("\(Byte.name(of: byte)) is not allowed in a string")
            } else {
                pos += 1
            }
        }
        throw fail("unterminated multi-line string", at: start)
    }

    /// At a backslash: if only blanks follow it up to the line break, skips it and all blanks and
    /// line breaks after it (the "line-ending backslash") and returns true.
    private mutating func skipLineEndingBackslash() -> Bool {
        var index = pos + 1
        while index < bytes.count, bytes[index] == Byte.space || bytes[index] == Byte.tab {
            index += 1
        }
        let isLineBreak = index < bytes.count
            && (bytes[index] == Byte.newline
                || (bytes[index] == Byte.carriageReturn && index + 1 < bytes.count && bytes[index + 1] == Byte.newline))
        guard isLineBreak else { return false }
        pos = index
        while let byte = peek(),
            byte == Byte.space || byte == Byte.tab || byte == Byte.newline
                || (byte == Byte.carriageReturn && peek(1) == Byte.newline)
        {
            pos += 1
        }
        return true
    }

    /// At a backslash in a basic string: decodes one escape sequence and appends its UTF-8.
    private mutating func parseEscape(into decoded: inout [UInt8]) throws(TOMLError) {
        let start = pos
        guard let letter = peek(1) else {
            throw fail("unterminated string")
        }
        pos += 2
        switch letter {
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case Byte.quote: decoded.append(Byte.quote)
        case Byte.backslash: decoded.append(Byte.backslash)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = letter == UInt8(ascii: "u") ? 4 : 8
            guard pos + count <= bytes.count, bytes[pos..<(pos + count)].allSatisfy(Byte.isHexDigit) else {
                let shown = Character(Unicode.Scalar(letter))
                throw fail("invalid escape: '\\\(shown)' needs \(count) hex digits", at: start)
            }
            let hex = String(decoding: bytes[pos..<(pos + count)], as: UTF8.self)
            pos += count
            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                throw fail("invalid escape: U+\(hex) is not a Unicode scalar value", at: start)
            }
            UTF8.encode(scalar) { decoded.append($0) }
        case Byte.newline, Byte.carriageReturn:
            throw fail("a backslash can end a line only in a multi-line string", at: start)
        default:
            let shown = describe(at: start + 1)
            if shown.hasPrefix("'") {
                throw fail("invalid escape '\\\(shown.dropFirst().dropLast())'", at: start)
            }
            throw fail("invalid escape: backslash followed by \(shown)", at: start)
        }
    }
}
