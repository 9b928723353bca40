/// A read position over a date's UTF-8 bytes, with the few scanning steps the date parsers need.
///
/// It reads the string's own storage (valid only inside `withUTF8`), so parsing a date allocates nothing.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    mutating func skipSpaces() {
        while let byte = current, FeedDate.isSpace(byte) { index += 1 }
    }

    /// Reads between `min` and `max` digits as a number; nil (and nothing consumed) if fewer than `min` are there.
    mutating func digits(min: Int = 1, max: Int) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while count < max, let byte = peek(count), FeedDate.isDigit(byte) {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            count += 1
        }
        guard count >= min else { return nil }
        index += count
        return (value, count)
    }

    /// Reads a fraction after `.` or `,` (the separator already consumed) as a value in 0..<1.
    mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 0.1
        var count = 0
        while let byte = current, FeedDate.isDigit(byte) {
            if count < 9 { value += Double(byte - UInt8(ascii: "0")) * scale }
            scale /= 10
            count += 1
            index += 1
        }
        return count > 0 ? value : nil
    }

    /// Reads a run of ASCII letters.
    mutating func word() -> DateWord {
        let start = index
        while let byte = current, FeedDate.isLetter(byte) { index += 1 }
        return DateWord(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }

    /// Reads a numeric zone offset after its sign: `hh:mm`, `hhmm`, `hh` or `h`; returns minutes (unsigned).
    mutating func offsetMinutes() -> Int? {
        guard let hours = digits(max: 2) else { return nil }
        if hours.count == 2, let minutes = digits(min: 2, max: 2) {
            return hours.value * 60 + minutes.value
        }
        if peek() == UInt8(ascii: ":"), let next = peek(1), FeedDate.isDigit(next) {
            index += 1
            guard let minutes = digits(min: 2, max: 2) else { return nil }
            return hours.value * 60 + minutes.value
        }
        return hours.value * 60
    }
}
