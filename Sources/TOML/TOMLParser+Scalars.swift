/// Unquoted values: booleans, integers, floats and date-times.
extension TOMLParser {
    /// Reads one unquoted token and decides what it is.
    mutating func parseScalar() throws(TOMLError) -> TOMLValue.Kind {
        let start = pos
        while pos < bytes.count, Byte.isScalarToken(bytes[pos]) {
            pos += 1
        }
        // A date-time may separate date and time with a space: "1979-05-27 07:32:00".
        if pos - start == 10, bytes[start + 4] == Byte.minus, peek() == Byte.space,
            let next = peek(1), Byte.isDigit(next)
        {
            pos += 1
            while pos < bytes.count, Byte.isScalarToken(bytes[pos]) {
                pos += 1
            }
        }
        guard pos > start else {
            throw fail("expected a value, found \(describe(at: start))")
        }
        let token = Array(bytes[start..<pos])
        let text = String(decoding: token, as: UTF8.self)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if token.count >= 5, token[4] == Byte.minus, token.prefix(4).allSatisfy(Byte.isDigit) {
            return try datetime(text, at: start)
        }
        if token.count >= 3, token[2] == Byte.colon, token.prefix(2).allSatisfy(Byte.isDigit) {
            return try datetime(text, at: start)
        }
        let first = token[0] == Byte.plus || token[0] == Byte.minus ? (token.count > 1 ? token[1] : 0) : token[0]
        guard Byte.isDigit(first) else {
            throw fail("invalid value '\(text)' (strings need quotes)", at: start)
        }
        return try number(token, text: text, at: start)
    }

    // MARK: Numbers

    private func number(_ token: [UInt8], text: String, at start: Int) throws(TOMLError) -> TOMLValue.Kind {
        let hasSign = token[0] == Byte.plus || token[0] == Byte.minus
        let body = hasSign ? Array(token.dropFirst()) : token
        if body.count > 2, body[0] == Byte.zero, let radix = Self.radix(of: body[1]) {
            guard !hasSign else {
                throw fail("invalid integer '\(text)': a sign is not allowed with a 0x, 0o or 0b prefix", at: start)
            }
            let digits = Array(body.dropFirst(2))
            guard Self.isDigitRun(digits, radix: radix) else {
                throw fail("invalid integer '\(text)'", at: start)
            }
            guard let value = Int64(Self.withoutUnderscores(digits), radix: radix) else {
                throw fail("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }
        let isFloat = body.contains { $0 == Byte.dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if !isFloat {
            guard Self.isDigitRun(body, radix: 10) else {
                throw fail("invalid integer '\(text)'", at: start)
            }
            guard body.count == 1 || body[0] != Byte.zero else {
                throw fail("invalid integer '\(text)': leading zeros are not allowed", at: start)
            }
            let sign = token[0] == Byte.minus ? "-" : ""
            guard let value = Int64(sign + Self.withoutUnderscores(body)) else {
                throw fail("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }
        guard Self.isFloatBody(body) else {
            throw fail("invalid float '\(text)'", at: start)
        }
        let stripped = (token[0] == Byte.minus ? "-" : "") + Self.withoutUnderscores(body)
        guard let value = Double(stripped) else {
            throw fail("invalid float '\(text)'", at: start)
        }
        guard value.isFinite else {
            throw fail("float '\(text)' is too large for 64 bits", at: start)
        }
        return .float(value)
    }

    private static func radix(of letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// Digits of `radix`, with single underscores allowed only between two digits.
    private static func isDigitRun(_ bytes: some Collection<UInt8>, radix: Int) -> Bool {
        var previousWasDigit = false
        for byte in bytes {
            if byte == Byte.underscore {
                guard previousWasDigit else { return false }
                previousWasDigit = false
                continue
            }
            let value: Int
            if Byte.isDigit(byte) {
                value = Int(byte - Byte.zero)
            } else if Byte.isHexDigit(byte) {
                value = Int((byte | 0x20) - UInt8(ascii: "a")) + 10
            } else {
                return false
            }
            guard value < radix else { return false }
            previousWasDigit = true
        }
        return previousWasDigit
    }

    /// `int [. digits] [e [sign] digits]` with at least a fraction or an exponent; no leading zeros.
    private static func isFloatBody(_ body: [UInt8]) -> Bool {
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let dotIndex = mantissa.firstIndex(of: Byte.dot)
        let integerPart = mantissa[..<(dotIndex ?? mantissa.endIndex)]
        guard isDigitRun(integerPart, radix: 10), integerPart.count == 1 || integerPart.first != Byte.zero else {
            return false
        }
        if let dotIndex, !isDigitRun(mantissa[(dotIndex + 1)...], radix: 10) {
            return false
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            if let sign = exponent.first, sign == Byte.plus || sign == Byte.minus {
                exponent = exponent.dropFirst()
            }
            return isDigitRun(exponent, radix: 10)
        }
        return true
    }

    private static func withoutUnderscores(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.filter { $0 != Byte.underscore }, as: UTF8.self)
    }

    // MARK: Date-times

    private func datetime(_ text: String, at start: Int) throws(TOMLError) -> TOMLValue.Kind {
        var checker = DateTimeChecker(Array(text.utf8))
        if let problem = checker.check() {
            throw fail("invalid date-time '\(text)': \(problem)", at: start)
        }
        return .datetime(text)
    }
}
