/// The RFC 822 branch of ``FeedDate``, tolerant of word order: it collects a month name, up to two numbers
/// (day and year), a clock time and a zone, and ignores weekday names, commas, dashes and `(comments)`.
struct RFC822DateScanner {
    private var cursor: ByteCursor
    private var month: Int?
    private var numbers: (first: (value: Int, count: Int)?, second: (value: Int, count: Int)?) = (nil, nil)
    private var clock: (hour: Int, minute: Int, second: Double)?
    private var offset = 0
    private var meridiem: UInt8?                    // "a" or "p"

    init(_ bytes: UnsafeBufferPointer<UInt8>) { cursor = ByteCursor(bytes) }

    mutating func scan() -> Double? {
        while let byte = cursor.current {
            if FeedDate.isDigit(byte) {
                guard scanNumberOrTime() else { return nil }
            } else if FeedDate.isLetter(byte) {
                guard classify(cursor.word()) else { return nil }
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"),
                      clock != nil, let next = cursor.peek(1), FeedDate.isDigit(next) {
                cursor.index += 1
                guard let minutes = cursor.offsetMinutes() else { return nil }
                offset += byte == UInt8(ascii: "-") ? -minutes : minutes
            } else if byte == UInt8(ascii: "(") {
                while let skipped = cursor.current, skipped != UInt8(ascii: ")") { cursor.index += 1 }
                cursor.index += 1
            } else if FeedDate.isSpace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "-")
                        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") {
                cursor.index += 1
            } else {
                return nil
            }
        }
        return assemble()
    }

    private mutating func scanNumberOrTime() -> Bool {
        guard let number = cursor.digits(max: 4) else { return false }
        guard cursor.skip(UInt8(ascii: ":")) else {
            if let next = cursor.current, FeedDate.isDigit(next) { return false }
            // "1st", "22nd": ordinal suffixes on the day.
            if let next = cursor.current, FeedDate.isLetter(next), number.count <= 2 {
                guard cursor.word().isOrdinalSuffix else { return false }
            }
            if numbers.first == nil {
                numbers.first = number
            } else if numbers.second == nil {
                numbers.second = number
            } else {
                return false
            }
            return true
        }
        guard clock == nil, number.count <= 2, let minute = cursor.digits(min: 2, max: 2)?.value else { return false }
        var second = 0.0
        if cursor.skip(UInt8(ascii: ":")) {
            guard let whole = cursor.digits(min: 1, max: 2)?.value else { return false }
            second = Double(whole)
            if cursor.skip(UInt8(ascii: ".")), let fraction = cursor.fraction() { second += fraction }
        }
        clock = (number.value, minute, second)
        return true
    }

    private mutating func classify(_ word: DateWord) -> Bool {
        if let zone = word.zoneOffset {
            offset += zone
            return true
        }
        if word.isMeridiem {
            meridiem = UInt8(truncatingIfNeeded: word.packed)
            return clock != nil
        }
        if word.isWeekday { return true }
        if let number = word.month, month == nil {
            month = number
            return true
        }
        return false
    }

    private func assemble() -> Double? {
        guard let month, let first = numbers.first, let second = numbers.second else { return nil }
        let day: Int
        var year: (value: Int, count: Int)
        if first.count == 4 {
            year = first
            day = second.value
        } else {
            day = first.value
            year = second
        }
        switch year.count {
        case 1, 2: year.value += year.value < 50 ? 2000 : 1900
        case 4: break
        default: return nil
        }
        var hour = clock?.hour ?? 0
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if meridiem == UInt8(ascii: "p"), hour < 12 { hour += 12 }
            if meridiem == UInt8(ascii: "a"), hour == 12 { hour = 0 }
        }
        return FeedDate.epochSeconds(
            year: year.value, month: month, day: day, hour: hour, minute: clock?.minute ?? 0,
            second: clock?.second ?? 0, offsetMinutes: offset)
    }

}
