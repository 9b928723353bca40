/// Validates the four TOML date-time shapes (RFC 3339 with TOML's relaxations) without converting
/// them: offset date-time, local date-time, local date and local time.
struct DateTimeChecker {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Nil when the text is a valid date-time, else what is wrong with it.
    mutating func check() -> String? {
        if bytes.count > 2, bytes[2] == Byte.colon {
            return time() ?? end()
        }
        if let problem = date() {
            return problem
        }
        guard index < bytes.count else { return nil }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == Byte.space else {
            return "expected 'T' or a space between date and time"
        }
        index += 1
        if let problem = time() {
            return problem
        }
        guard index < bytes.count else { return nil }
        let zone = bytes[index]
        if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
            index += 1
            return end()
        }
        guard zone == Byte.plus || zone == Byte.minus else {
            return "expected 'Z' or an offset like +02:00 after the time"
        }
        index += 1
        guard let hours = digits(2), expect(Byte.colon), let minutes = digits(2) else {
            return "expected an offset like +02:00"
        }
        guard hours <= 23, minutes <= 59 else {
            return "offset out of range"
        }
        return end()
    }

    private mutating func date() -> String? {
        guard let year = digits(4), expect(Byte.minus), let month = digits(2), expect(Byte.minus),
            let day = digits(2)
        else {
            return "expected a date like 2024-05-27"
        }
        guard (1...12).contains(month) else {
            return "month \(month) is out of range"
        }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else {
            return "day \(day) is out of range for month \(month)"
        }
        return nil
    }

    /// `HH:MM:SS` with an optional fraction; TOML 1.0 requires the seconds.
    private mutating func time() -> String? {
        guard let hour = digits(2), expect(Byte.colon), let minute = digits(2), expect(Byte.colon),
            let second = digits(2)
        else {
            return "expected a time like 07:32:00"
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            return "time \(hour):\(minute):\(second) is out of range"
        }
        if index < bytes.count, bytes[index] == Byte.dot {
            index += 1
            let fractionStart = index
            while index < bytes.count, Byte.isDigit(bytes[index]) {
                index += 1
            }
            if index == fractionStart {
                return "expected digits after the decimal point of the seconds"
            }
        }
        return nil
    }

    private func end() -> String? {
        index == bytes.count ? nil : "unexpected text after the time"
    }

    private mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<(index + count)] {
            guard Byte.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - Byte.zero)
        }
        index += count
        return value
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
