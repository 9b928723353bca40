import Foundation

/// When a feed is checked next: the scheduling rules, free of I/O so they can be tested alone.
///
/// - After a success the interval follows the feed's activity (a week divided by the items it
///   published in the last week), raised to the server's freshness hints (RSS `<ttl>`,
///   `Cache-Control: max-age`, `Expires`), and kept between ``minimum`` and ``maximum``.
/// - After a failure the delay doubles with each consecutive failure, from that interval up to
///   ``errorCap``; a feed failing for ``dormantAfter`` becomes dormant and is probed every
///   ``dormantProbe``.
/// - Every delay gets ±``jitter`` so that feeds spread out instead of firing together.
public struct SchedulePolicy: Sendable, Equatable {
    public var minimum: TimeInterval
    public var maximum: TimeInterval
    public var errorCap: TimeInterval = 86_400
    public var dormantAfter: TimeInterval = 14 * 86_400
    public var dormantProbe: TimeInterval = 86_400
    /// The delay after a 429 or 503 that gave no Retry-After.
    public var rateLimitDefault: TimeInterval = 3_600
    /// Relative spread of every delay: 0.1 means ±10 %.
    public var jitter = 0.1

    public init(minimum: TimeInterval, maximum: TimeInterval) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// The interval after a successful fetch.
    public func successInterval(itemsLastWeek: Int, hints: FreshnessHints, now: Date) -> TimeInterval {
        let activity = itemsLastWeek > 0 ? 7 * 86_400 / Double(itemsLastWeek) : maximum
        var hinted: TimeInterval = 0
        if let ttl = hints.ttl { hinted = max(hinted, ttl) }
        if let maxAge = hints.maxAge { hinted = max(hinted, maxAge) }
        if let expires = hints.expires { hinted = max(hinted, expires.timeIntervalSince(now)) }
        return min(max(activity, hinted, minimum), maximum)
    }

    /// The delay before retrying a feed that has now failed `streak` times in a row.
    public func errorDelay(streak: Int, interval: TimeInterval?) -> TimeInterval {
        let base = min(max(interval ?? minimum, minimum), errorCap)
        return min(base * pow(2, Double(max(0, streak - 1))), errorCap)
    }

    /// The delay a rate-limited server asked for (never less than the minimum interval).
    public func rateLimitDelay(retryAfter: TimeInterval?) -> TimeInterval {
        max(retryAfter ?? rateLimitDefault, minimum)
    }

    /// `delay` spread by the jitter; `unit` is a random number in -1...1.
    public func jittered(_ delay: TimeInterval, unit: Double = Double.random(in: -1...1)) -> TimeInterval {
        delay * (1 + jitter * min(max(unit, -1), 1))
    }
}
