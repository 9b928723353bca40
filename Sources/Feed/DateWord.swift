/// A run of ASCII letters in a date (`Tue`, `March`, `KST`), lowercased and packed into an integer, first letter
/// in the low byte, so that month, weekday and zone names compare without building a string.
///
/// Only the first eight letters are packed; `length` counts them all. A name of fewer than eight letters equals
/// only the word itself, since a longer word fills all eight bytes.
struct DateWord: Equatable {
    let packed: UInt64
    let length: Int

    init(_ letters: UnsafeBufferPointer<UInt8>) {
        var packed: UInt64 = 0
        for (position, letter) in letters.prefix(8).enumerated() {
            packed |= UInt64(letter | 0x20) << UInt64(8 * position)
        }
        self.packed = packed
        length = letters.count
    }

    /// The word for a lowercase ASCII name from one of the tables below.
    init(_ name: String) {
        var name = name
        self = name.withUTF8 { DateWord($0) }
    }

    /// The first three letters, the part by which months and weekdays are known (`sep`, `sept`, `september`).
    var stem: UInt64 { packed & 0xFF_FFFF }

    /// Minutes east of UTC when the word is a zone name of ``FeedDate/zoneOffsets``.
    var zoneOffset: Int? {
        guard length <= 4 else { return nil }
        for zone in Self.zones where zone.word == packed { return zone.minutes }
        return nil
    }

    /// The month's number (1-12) when the word is a month name or its three-letter abbreviation.
    var month: Int? {
        guard length >= 3, length <= 9 else { return nil }
        return Self.months.firstIndex(of: stem).map { $0 + 1 }
    }

    var isWeekday: Bool { length >= 3 && length <= 9 && Self.weekdays.contains(stem) }

    /// An ordinal suffix of a day: `1st`, `22nd`, `3rd`, `4th`.
    var isOrdinalSuffix: Bool { length == 2 && Self.ordinalSuffixes.contains(packed) }

    var isMeridiem: Bool { self == Self.am || self == Self.pm }

    static let am = DateWord("am")
    static let pm = DateWord("pm")
    private static let zones = FeedDate.zoneOffsets.map { (word: DateWord($0.key).packed, minutes: $0.value) }
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { DateWord($0).packed }
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { DateWord($0).packed }
    private static let ordinalSuffixes = ["st", "nd", "rd", "th"].map { DateWord($0).packed }
}
