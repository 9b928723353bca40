/// The RFC 3339 / ISO 8601 (W3CDTF) branch of ``FeedDate``: the input starts with a 4-digit year.
struct ISO8601DateScanner {
    private var cursor: ByteCursor

    init(_ bytes: UnsafeBufferPointer<UInt8>) { cursor = ByteCursor(bytes) }

    mutating func scan() -> Double? {
        guard let year = cursor.digits(min: 4, max: 4)?.value else { return nil }
        var month = 1
        var day = 1
        if let separator = cursor.current, separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") {
            cursor.index += 1
            guard let m = cursor.digits(max: 2) else { return nil }
            month = m.value
            if cursor.skip(separator) {
                guard let d = cursor.digits(max: 2) else { return nil }
                day = d.value
            }
        } else if let m = cursor.digits(min: 2, max: 2) {      // compact 20240305
            guard let d = cursor.digits(min: 2, max: 2) else { return nil }
            month = m.value
            day = d.value
        }
        var hour = 0
        var minute = 0
        var second = 0.0
        if let mark = cursor.current, mark | 0x20 == UInt8(ascii: "t") || mark == 0x20,
           let next = cursor.peek(1), FeedDate.isDigit(next) {
            cursor.index += 1
            guard let time = scanTime() else { return nil }
            (hour, minute, second) = time
        }
        guard let offset = scanZone(), cursor.atEnd else { return nil }
        return FeedDate.epochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    /// `hh:mm[:ss[.fff]]` or compact `hhmm[ss]`.
    private mutating func scanTime() -> (Int, Int, Double)? {
        guard let hour = cursor.digits(min: 2, max: 2)?.value else { return nil }
        let colon = cursor.skip(UInt8(ascii: ":"))
        guard let minute = cursor.digits(min: 2, max: 2)?.value else { return nil }
        var second = 0.0
        if colon ? cursor.skip(UInt8(ascii: ":")) : cursor.peek().map(FeedDate.isDigit) == true {
            guard let whole = cursor.digits(min: 2, max: 2)?.value else { return nil }
            second = Double(whole)
            if cursor.skip(UInt8(ascii: ".")) || cursor.skip(UInt8(ascii: ",")) {
                guard let fraction = cursor.fraction() else { return nil }
                second += fraction
            }
        }
        return (hour, minute, second)
    }

    /// `Z`, `±hh:mm`, `±hhmm`, `±hh`, a zone name, or nothing (UTC); returns minutes east of UTC.
    private mutating func scanZone() -> Int? {
        cursor.skipSpaces()
        guard let byte = cursor.current else { return 0 }
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            cursor.index += 1
            guard let minutes = cursor.offsetMinutes() else { return nil }
            return byte == UInt8(ascii: "-") ? -minutes : minutes
        }
        guard FeedDate.isLetter(byte) else { return nil }
        return cursor.word().zoneOffset
    }
}
