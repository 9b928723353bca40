import Foundation

/// What the daemon remembers about one feed between fetches and across restarts.
public struct FeedState: Codable, Sendable, Equatable {
    public var version = 3
    /// The URL currently used for the feed: the configured one, or where a permanent redirect
    /// (301 or 308) moved it.
    public var url: String
    /// The URL the configuration gave when this state was saved; when the configuration
    /// changes it, the feed starts again from the new one.
    public var configuredURL: String?
    /// Validators from the last successful response, sent back verbatim.
    public var etag: String?
    public var lastModified: String?
    /// SHA-256 of the last body, so an unchanged 200 costs nothing downstream.
    public var bodySHA256: String?
    /// SHA-256 of the bodies before it, newest first (``earlierBodiesKept`` at most): one of
    /// them coming back is an old copy (a cache or mirror behind the URL that has not caught
    /// up), not news, and not an edit of the items the newer body changed.
    public var earlierBodies: [String] = []
    public static let earlierBodiesKept = 3
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastStatus: Int?
    /// The last error, in one line; nil after a success.
    public var lastError: String?
    /// Consecutive failed fetches (rate limits and network outages do not count).
    public var errorStreak = 0
    /// When the current run of failures began.
    public var failingSince: Date?
    /// The feed failed for the dormancy period, or answered 410 Gone: it is probed once a day
    /// and flagged, never dropped.
    public var dormant = false
    /// The server asked (429 or 503 with Retry-After) not to be polled before this time.
    public var rateLimitedUntil: Date?
    /// The interval chosen after the last success, the base of the error backoff.
    public var interval: TimeInterval?
    public var nextCheck: Date?
    /// The items remembered, kept together with whether they changed since the state was read.
    var items = RememberedItems()

    /// Item ids already delivered to the inbox, with when they were first seen (epoch seconds):
    /// an item is never enqueued twice while its id is remembered.
    public var seen: [String: Double] {
        get { items.seen }
        _modify {
            items.changed = true
            yield &items.seen
        }
    }
    /// A fingerprint of each remembered item's content (``FeedItem/contentFingerprint``), so that
    /// an item that changes under the same id is delivered again, as an update. Ids remembered
    /// before fingerprints were kept get theirs when next seen.
    public var fingerprints: [String: String] {
        get { items.fingerprints }
        _modify {
            items.changed = true
            yield &items.fingerprints
        }
    }
    /// The latest revision delivered, for items delivered more than once (the first is 1).
    public var revisions: [String: Int] {
        get { items.revisions }
        _modify {
            items.changed = true
            yield &items.revisions
        }
    }

    /// Whether ``seen``, ``fingerprints`` or ``revisions`` may differ from what the store last
    /// read or wrote: set by any change to them, cleared by the store. A state whose items did
    /// not change (a 304, an unchanged body) leaves its seen file alone, without even encoding
    /// it; see ``FeedStateStore``. Not part of equality, nor of the stored form.
    public var itemsChanged: Bool {
        get { items.changed }
        set { items.changed = newValue }
    }

    /// Whether the state was read without its remembered items (``FeedStates/loadSummary(_:)``),
    /// so that ``seen`` and the rest are empty without the feed having forgotten anything. Such
    /// a state serves to read the feed's health and schedule, and to record a fetch that needs
    /// no items (a 304, an unchanged body, a failure): see ``savableWithoutItems``.
    public var itemsOmitted: Bool { items.omitted }

    /// Whether the stores may save this state, read without its items, as its head alone,
    /// leaving the items they keep as they are: its items were not touched, the state file it
    /// came from did not hold items itself (an earlier release's form, which the next full save
    /// moves out), and that file recorded the recent sightings, without which the feed's activity
    /// (``itemsInLastWeek(now:)``) would read as none.
    public var savableWithoutItems: Bool {
        items.omitted && !items.changed && !items.inStateFile && recordsItemSummary
    }

    /// Whether ``itemsInLastWeek(now:)`` and ``rememberedIDs`` are known: always for a state read
    /// whole; for one read without its items, when its state file recorded them.
    public var recordsItemSummary: Bool {
        !items.omitted || (items.sightings != nil && items.recordedIDs != nil)
    }

    /// How many item ids the feed remembers (``seen``); for a state read without its items, the
    /// count its state file recorded.
    public var rememberedIDs: Int {
        items.omitted ? items.recordedIDs ?? 0 : seen.count
    }

    /// The state without its items, marked as such (see ``itemsOmitted``).
    public var summary: FeedState {
        var summary = withoutItems
        summary.items.inStateFile = items.inStateFile || remembersItems
        // Read from a state file alone, a state has none of its items but those an earlier release
        // kept in the file: the sightings are the ones the file recorded.
        if !remembersItems, !items.omitted {
            summary.items.sightings = items.sightings
            summary.items.recordedIDs = items.recordedIDs
        }
        return summary
    }

    /// Drops the recent sightings a state read without its items got from its state file, when
    /// they may be out of date (see ``FeedStateStore/loadSummary(_:)``): such a state is then
    /// not ``savableWithoutItems``.
    mutating func forgetRecordedSightings() {
        items.sightings = nil
        items.recordedIDs = nil
    }

    /// The remembered items of `full`, the same feed's state read whole, for a state read as a
    /// summary (a fetch found a new body, whose items must be checked against them).
    public mutating func adoptItems(of full: FeedState?) {
        items = full?.items ?? RememberedItems()
        items.omitted = false
    }

    /// The three maps of remembered items moved, as one, to another state (a feed whose
    /// configured URL changed keeps what it delivered).
    mutating func remember(itemsOf other: FeedState) {
        items = other.items
        items.changed = true
    }

    public init(url: String) {
        self.url = url
    }

    struct RememberedItems: Sendable, Equatable {
        var seen: [String: Double] = [:]
        var fingerprints: [String: String] = [:]
        var revisions: [String: Int] = [:]
        var changed = false
        /// Read without them (``FeedStates/loadSummary(_:)``): empty here, not forgotten.
        var omitted = false
        /// For a state without its items: the state file held items itself when read.
        var inStateFile = false
        /// For a state without its items: the recent sightings (``FeedState/recentSightings``)
        /// its state file recorded, nil when it recorded none (an earlier release's file).
        var sightings: [String: Int]?
        /// For a state without its items: how many ids its state file said it remembers.
        var recordedIDs: Int?

        static func == (a: Self, b: Self) -> Bool {
            a.seen == b.seen && a.fingerprints == b.fingerprints && a.revisions == b.revisions
        }
    }

    /// Items first seen in the week before `now`: the feed's activity, which sets its interval.
    /// A state read without its items counts its recorded sightings, to the same result.
    public func itemsInLastWeek(now: Date) -> Int {
        let cutoff = now.timeIntervalSince1970 - 7 * 86_400
        guard items.omitted else { return seen.values.filter { $0 >= cutoff }.count }
        return (items.sightings ?? [:]).reduce(0) { count, sighting in
            count + ((Double(sighting.key) ?? -.infinity) >= cutoff ? sighting.value : 0)
        }
    }

    /// How many items were first seen at each instant (epoch seconds, written as Swift writes a
    /// `Double`, which reads back to the same value) in the week up to the latest sighting: all
    /// that ``itemsInLastWeek(now:)`` needs at any later time, since the week before a later
    /// `now` starts later still. Kept in the state file, so that a fetch that finds nothing new,
    /// most of them, need not read the seen file. The items of one fetch share one instant, so
    /// this holds at most one entry per fetch that found new items that week.
    public var recentSightings: [String: Int] {
        if items.omitted { return items.sightings ?? [:] }
        guard let latest = seen.values.max() else { return [:] }
        var sightings: [String: Int] = [:]
        for time in seen.values where time >= latest - 7 * 86_400 { sightings["\(time)", default: 0] += 1 }
        return sightings
    }

    /// Forgets ids first seen more than `days` ago, so the state stays bounded, except those in
    /// `present` (the feed's current document): a feed that posts a few times a month still
    /// lists items half a year old, and forgetting them would deliver them again as new.
    mutating func forgetSeen(olderThan days: Double, now: Date, keeping present: Set<String> = []) {
        let cutoff = now.timeIntervalSince1970 - days * 86_400
        seen = seen.filter { $0.value >= cutoff || present.contains($0.key) }
        fingerprints = fingerprints.filter { seen[$0.key] != nil }
        revisions = revisions.filter { seen[$0.key] != nil }
    }

    // Files written by earlier versions lack the newer keys: every key but the URL is optional.
    private enum CodingKeys: String, CodingKey {
        case version, url, configuredURL, etag, lastModified, bodySHA256, earlierBodies, lastAttempt, lastSuccess
        case lastStatus, lastError
        case errorStreak, failingSince, dormant, rateLimitedUntil, interval, nextCheck
        case seen, fingerprints, revisions, recentSightings, rememberedIDs
    }

    /// Every member as the synthesised encoding would write it, but the remembered items only
    /// when there are some: the file store keeps them in a file of their own (see
    /// ``seenFile()``), and its state files then say nothing of them rather than `{}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(configuredURL, forKey: .configuredURL)
        try c.encodeIfPresent(etag, forKey: .etag)
        try c.encodeIfPresent(lastModified, forKey: .lastModified)
        try c.encodeIfPresent(bodySHA256, forKey: .bodySHA256)
        if !earlierBodies.isEmpty { try c.encode(earlierBodies, forKey: .earlierBodies) }
        try c.encodeIfPresent(lastAttempt, forKey: .lastAttempt)
        try c.encodeIfPresent(lastSuccess, forKey: .lastSuccess)
        try c.encodeIfPresent(lastStatus, forKey: .lastStatus)
        try c.encodeIfPresent(lastError, forKey: .lastError)
        try c.encode(errorStreak, forKey: .errorStreak)
        try c.encodeIfPresent(failingSince, forKey: .failingSince)
        try c.encode(dormant, forKey: .dormant)
        try c.encodeIfPresent(rateLimitedUntil, forKey: .rateLimitedUntil)
        try c.encodeIfPresent(interval, forKey: .interval)
        try c.encodeIfPresent(nextCheck, forKey: .nextCheck)
        if !seen.isEmpty { try c.encode(seen, forKey: .seen) }
        if !fingerprints.isEmpty { try c.encode(fingerprints, forKey: .fingerprints) }
        if !revisions.isEmpty { try c.encode(revisions, forKey: .revisions) }
        if !items.omitted || items.sightings != nil { try c.encode(recentSightings, forKey: .recentSightings) }
        if !items.omitted || items.recordedIDs != nil { try c.encode(rememberedIDs, forKey: .rememberedIDs) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        configuredURL = try c.decodeIfPresent(String.self, forKey: .configuredURL)
        etag = try c.decodeIfPresent(String.self, forKey: .etag)
        lastModified = try c.decodeIfPresent(String.self, forKey: .lastModified)
        bodySHA256 = try c.decodeIfPresent(String.self, forKey: .bodySHA256)
        earlierBodies = try c.decodeIfPresent([String].self, forKey: .earlierBodies) ?? []
        lastAttempt = try c.decodeIfPresent(Date.self, forKey: .lastAttempt)
        lastSuccess = try c.decodeIfPresent(Date.self, forKey: .lastSuccess)
        lastStatus = try c.decodeIfPresent(Int.self, forKey: .lastStatus)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        errorStreak = try c.decodeIfPresent(Int.self, forKey: .errorStreak) ?? 0
        failingSince = try c.decodeIfPresent(Date.self, forKey: .failingSince)
        dormant = try c.decodeIfPresent(Bool.self, forKey: .dormant) ?? false
        rateLimitedUntil = try c.decodeIfPresent(Date.self, forKey: .rateLimitedUntil)
        interval = try c.decodeIfPresent(TimeInterval.self, forKey: .interval)
        nextCheck = try c.decodeIfPresent(Date.self, forKey: .nextCheck)
        seen = try c.decodeIfPresent([String: Double].self, forKey: .seen) ?? [:]
        fingerprints = try c.decodeIfPresent([String: String].self, forKey: .fingerprints) ?? [:]
        revisions = try c.decodeIfPresent([String: Int].self, forKey: .revisions) ?? [:]
        items.sightings = try c.decodeIfPresent([String: Int].self, forKey: .recentSightings)
        items.recordedIDs = try c.decodeIfPresent(Int.self, forKey: .rememberedIDs)
    }
}
