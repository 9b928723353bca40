import Foundation
import Synchronization

/// The calendar day, in the digest's time zone, that an instant belongs to.
public enum DigestDay {
    /// One Gregorian calendar per zone, made once: a digest formats two times per report, and
    /// making a calendar each time was a tenth of a large day's rebuild.
    private static let calendars = Mutex<[String: Calendar]>([:])

    static func calendar(_ zone: TimeZone) -> Calendar {
        calendars.withLock { cache in
            if let calendar = cache[zone.identifier] { return calendar }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            cache[zone.identifier] = calendar
            return calendar
        }
    }

    /// `YYYY-MM-DD` for `date` in `zone`.
    public static func of(_ date: Date, in zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Whether `text` is a well-formed `YYYY-MM-DD` day.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `HH:mm` of `date` in `zone`, preceded by its own day when that is not `day` (a late
    /// report, placed in the first open digest because its own day was already final).
    static func clock(_ date: Date, in zone: TimeZone, on day: String) -> String {
        let own = of(date, in: zone)
        return (own == day ? "" : own + " ") + clock(date, in: zone)
    }

    /// `HH:mm` of `date` in `zone`. The digest names its zone once, in its opening line.
    static func clock(_ date: Date, in zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
