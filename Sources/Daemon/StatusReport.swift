import Config
import Digest
import Fetcher
import Foundation
import Inbox

/// Feeds and queue at a glance, read from the files alone, so it works whether or not the
/// daemon is running.
public struct StatusReport: Sendable, Codable {
    public struct FeedLine: Sendable, Codable {
        public var name: String
        /// The URL in use (a permanent redirect may have replaced the configured one).
        public var url: String
        /// `new`, `healthy`, `backing-off`, `rate-limited` or `dormant`; `unknown` when the store cannot be read.
        public var health: String
        public var lastSuccess: Date?
        public var lastError: String?
        public var errorStreak: Int
        public var nextCheck: Date?
        public var itemsLastWeek: Int
        /// Item ids remembered (delivered in the last 180 days).
        public var itemsSeen: Int
        /// Why the feed is not healthy, in words: its error, since when, and what happens next.
        public var reason: String?
    }

    public var feeds: [FeedLine]
    public var inbox: InboxDepths?
    /// Why the inbox could not be read, when it could not.
    public var inboxError: String?
    /// Days that have classified items, newest last (at most the last 7).
    public var recentDays: [String]

    public static func collect(_ configuration: Configuration, now: Date = Date()) -> StatusReport {
        let storage: Storage
        do {
            storage = try Storage.open(configuration)
        } catch {
            // Without the store the feeds' health is unknown; say why instead of a table of blanks.
            let feeds = configuration.feeds.map { feed in
                FeedLine(
                    name: feed.name, url: feed.url, health: "unknown", lastSuccess: nil, lastError: nil, errorStreak: 0,
                    nextCheck: nil, itemsLastWeek: 0, itemsSeen: 0, reason: "the store cannot be opened")
            }
            return StatusReport(feeds: feeds, inbox: nil, inboxError: "\(error)", recentDays: [])
        }
        return collect(configuration, storage: storage, now: now)
    }

    public static func collect(_ configuration: Configuration, storage: Storage, now: Date = Date()) -> StatusReport {
        let states = storage.feedStates
        let zone = configuration.timeZone
        let feeds = configuration.feeds.map { feed in
            // The state file alone where it records what the table shows of the items: a feed
            // remembers thousands of ids, and reading them all made `status` take seconds.
            var state = (try? states.loadSummary(feed.name)) ?? nil
            if let summary = state, !summary.recordsItemSummary { state = (try? states.load(feed.name)) ?? nil }
            let condition = FeedCondition(state, now: now)
            return FeedLine(
                name: feed.name, url: state?.url ?? feed.url, health: condition.kind.rawValue,
                lastSuccess: state?.lastSuccess, lastError: state?.lastError, errorStreak: state?.errorStreak ?? 0,
                nextCheck: state?.nextCheck, itemsLastWeek: state?.itemsInLastWeek(now: now) ?? 0,
                itemsSeen: state?.rememberedIDs ?? 0, reason: reason(condition.kind, state, zone)
            )
        }.sorted { Self.urgency($0.health) != Self.urgency($1.health)
            ? Self.urgency($0.health) < Self.urgency($1.health) : $0.name < $1.name }
        var depths: InboxDepths?
        var inboxError: String?
        do {
            depths = try storage.inbox.depths()
        } catch {
            inboxError = "\(error)"
        }
        let days = storage.records.days().suffix(7)
        return StatusReport(feeds: feeds, inbox: depths, inboxError: inboxError, recentDays: Array(days))
    }

    /// Problems first: the order an operator reads the table in.
    static func urgency(_ health: String) -> Int {
        ["dormant", "backing-off", "rate-limited", "new", "healthy"].firstIndex(of: health) ?? 5
    }

    /// The why of a condition that is not healthy.
    static func reason(_ kind: FeedCondition.Kind, _ state: FeedState?, _ zone: TimeZone) -> String? {
        guard let state else { return kind == .new ? "not fetched yet" : nil }
        let error = state.lastError ?? "no error recorded"
        let since = state.failingSince.map { " since " + format($0, zone) } ?? ""
        switch kind {
        case .new: return "not fetched yet"
        case .healthy: return nil
        case .backingOff:
            let streak = "\(state.errorStreak) failure\(state.errorStreak == 1 ? "" : "s") in a row"
            return "\(error)\(since); \(streak)"
        case .rateLimited:
            let until = state.rateLimitedUntil.map { " until " + format($0, zone) } ?? ""
            return "\(error); the server asked to wait" + until
        case .dormant: return "\(error)\(since); probed once a day"
        }
    }

    /// `35 feeds: 30 healthy, 3 backing off, 1 rate-limited, 1 dormant`.
    public var summary: String {
        var counts: [String: Int] = [:]
        for feed in feeds { counts[feed.health, default: 0] += 1 }
        let words = [
            ("healthy", "healthy"), ("backing-off", "backing off"), ("rate-limited", "rate-limited"),
            ("dormant", "dormant"), ("new", "new"),
        ]
        let parts = words.compactMap { health, word in counts[health].map { "\($0) \(word)" } }
        let total = "\(feeds.count) feed\(feeds.count == 1 ? "" : "s")"
        return parts.isEmpty ? total : total + ": " + parts.joined(separator: ", ")
    }

    /// A plain-text table for a terminal, problems first, after a one-line summary.
    public func rendered(timeZone: TimeZone) -> String {
        var rows = [["FEED", "HEALTH", "LAST SUCCESS", "STREAK", "NEXT CHECK", "7 DAYS", "WHY"]]
        for feed in feeds {
            rows.append([
                feed.name, feed.health, feed.lastSuccess.map { Self.format($0, timeZone) } ?? "-",
                "\(feed.errorStreak)", feed.nextCheck.map { Self.format($0, timeZone) } ?? "-", "\(feed.itemsLastWeek)",
                feed.reason ?? "",
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = summary + "\n\n"
        out += rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
        out += "\n\n"
        if let inbox {
            out += "inbox: \(inbox.ready) ready, \(inbox.claimed) claimed, \(inbox.dead) dead, \(inbox.staging) staging\n"
        } else {
            out += "inbox: unavailable (\(inboxError ?? "unknown error"))\n"
        }
        out += "digest days with items: \(recentDays.isEmpty ? "none yet" : recentDays.joined(separator: ", "))\n"
        return out
    }

    private static func format(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }
}
