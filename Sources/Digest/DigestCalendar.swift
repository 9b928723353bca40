import Foundation

/// When a digest day begins, when it closes, and which day a late item joins.
///
/// A day runs from midnight to midnight in the digest's zone and stays open for a grace period
/// after that, so that items published at 23:50 and fetched at 00:20 still join it. Once the
/// grace period is over the day's digest is final: it is written one last time and never
/// changes, and an item that arrives later joins the first day still open, shown with its own
/// date. Every item thus appears in exactly one digest, and a digest read in the morning stays
/// the digest of record.
public struct DigestCalendar: Sendable {
    public let timeZone: TimeZone
    /// Seconds after a day's end during which it stays open.
    public let grace: TimeInterval

    public init(timeZone: TimeZone, graceHours: Int) {
        self.timeZone = timeZone
        self.grace = TimeInterval(graceHours) * 3600
    }

    /// `YYYY-MM-DD` of `date`.
    public func day(of date: Date) -> String { DigestDay.of(date, in: timeZone) }

    /// The first instant of `day` (midnight in the zone), or nil for a malformed day.
    public func start(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard DigestDay.isValid(day), parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// The instant `day`'s digest becomes final: its end plus the grace period.
    public func closing(of day: String) -> Date? {
        guard let start = start(of: day), let next = calendar.date(byAdding: .day, value: 1, to: start) else {
            return nil
        }
        return next.addingTimeInterval(grace)
    }

    /// Whether `day` is closed at `now`.
    public func isFinal(_ day: String, at now: Date) -> Bool {
        guard let closing = closing(of: day) else { return false }
        return now >= closing
    }

    /// The earliest day still open at `now`: today, or yesterday during the grace period.
    public func firstOpenDay(at now: Date) -> String { day(of: now.addingTimeInterval(-grace)) }

    /// The day an item dated `date` joins when it is classified at `now`: its own day while
    /// that is open, else the first open day.
    public func placement(of date: Date, at now: Date) -> String {
        max(day(of: date), firstOpenDay(at: now))
    }

    /// The day before `day`.
    public func previous(_ day: String) -> String? {
        guard let start = start(of: day), let before = calendar.date(byAdding: .day, value: -1, to: start) else {
            return nil
        }
        return self.day(of: before)
    }

    private var calendar: Calendar { DigestDay.calendar(timeZone) }
}
