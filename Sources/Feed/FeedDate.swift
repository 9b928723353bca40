#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText

/// Reads the dates feeds write, which are often not what their format promises.
///
/// Hand-written on UTF-8 bytes: `DateFormatter` is slow, depends on the locale and needs one formatter per layout.
/// Accepted, in this order of detection:
/// - epoch seconds (9-11 digits, optional fraction) and epoch milliseconds (12-13 digits);
/// - RFC 3339 / ISO 8601: `2024-03-05`, `2024-03-05T06:07`, `…:08`, fractions, `Z`, `+09:00`, `+0900`, `+09`,
///   a space instead of `T`, compact `20240305T060708Z`, `2024/03/05`;
/// - RFC 822 and its broken variants: optional weekday, 2- or 4-digit year, missing seconds or time, RFC 850 dashes,
///   asctime order, full month names, AM/PM, named zones (UT, GMT, Z, the US zones, KST, JST, CET, ...) and numeric
///   offsets, a trailing `(comment)`.
///
/// Days past the end of a month roll forward (31 June is 1 July). A date without a zone is taken as UTC.
public enum FeedDate {
    /// The instant `text` denotes, or nil when it is not a date this parser understands.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { seconds($0) }.map { Date(timeIntervalSince1970: $0) }
    }

    /// Seconds since 1970 for the date in `utf8`, read in place.
    private static func seconds(_ utf8: UnsafeBufferPointer<UInt8>) -> Double? {
        var end = utf8.count
        while end > 0, isSpace(utf8[end - 1]) { end -= 1 }
        var start = 0
        while start < end, isSpace(utf8[start]) { start += 1 }
        guard start < end, end - start <= 80 else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: utf8[start..<end])
        if let epoch = epochSeconds(trimmed) { return epoch }
        if trimmed.count >= 4, trimmed.prefix(4).allSatisfy(isDigit) {
            var scanner = ISO8601DateScanner(trimmed)
            return scanner.scan()
        }
        var scanner = RFC822DateScanner(trimmed)
        return scanner.scan()
    }

    /// Epoch seconds for a date and time given in a zone `offsetMinutes` east of UTC, or nil when out of range.
    static func epochSeconds(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0, offsetMinutes: Int = 0
    ) -> Double? {
        guard (1000...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...24).contains(hour), (0...59).contains(minute), second >= 0, second < 61,
              hour < 24 || (minute == 0 && second == 0)
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let clock = Double(hour * 3600 + minute * 60) + second
        return Double(days) * 86_400 + clock - Double(offsetMinutes * 60)
    }

    /// Offsets in minutes east of UTC for the zone names feeds use. Ambiguous names take their most common
    /// meaning in news feeds (IST is India, BST is British Summer Time).
    static let zoneOffsets: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "bst": 60, "west": 60, "cet": 60, "met": 60,
        "cest": 120, "mest": 120, "eet": 120, "eest": 180, "msk": 180, "ist": 330, "hkt": 480, "sgt": 480,
        "kst": 540, "jst": 540, "aest": 600, "aedt": 660,
        "est": -300, "edt": -240, "et": -300, "cst": -360, "cdt": -300, "ct": -360,
        "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "pt": -480, "akst": -540, "hst": -600,
    ]

    private static func epochSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let integerPart = bytes.prefix { isDigit($0) }
        guard integerPart.count >= 9 else { return nil }
        let rest = bytes.dropFirst(integerPart.count)
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: "."), rest.count > 1, rest.dropFirst().allSatisfy(isDigit) else {
                return nil
            }
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        switch integerPart.count {
        case 9...11: return value
        case 12...13: return value / 1000
        default: return nil
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z") }
}
