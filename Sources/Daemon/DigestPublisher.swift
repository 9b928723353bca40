import CLinuxShim
import Config
import CoreMetrics
import Digest
import Durable
import Foundation
import Logging
import Synchronization
import Telemetry

/// Rewrites the digests of the days that received items, so today's files are always current,
/// and writes each day one last time, final, when its grace period ends.
///
/// Workers mark days dirty as they complete items; ``flush(now:)`` rebuilds each dirty day from
/// all of its classified items (never incrementally), which keeps every rebuild identical to a
/// rebuild from scratch. A day is written even when no item came, so every morning has its
/// digest. Finalising a day also refreshes the digest feed and applies the retention.
final class DigestPublisher: Sendable {
    let store: ClassifiedStore
    let writer: DigestWriter
    let calendar: DigestCalendar
    let storage: Storage
    let logger: Logger
    /// What a reload may change; see ``reconfigure(_:)``.
    private let settings: Reloadable<Settings>
    private let state = Mutex(State())

    /// The parts of the configuration a digest follows that a reload puts in force: the feeds
    /// whose health it shows, the digest feed's title and links, the retention.
    private struct Settings: Sendable {
        var feed: DigestFeed
        var health: FeedHealthLog
        var retention: RetentionPurge

        init(_ configuration: Configuration, storage: Storage, calendar: DigestCalendar) {
            feed = DigestFeed(title: configuration.digest.title, baseURL: configuration.digest.baseURL, calendar: calendar)
            health = FeedHealthLog(stateDirectory: configuration.paths.state, feeds: configuration.feeds,
                                   states: storage.feedStates)
            retention = RetentionPurge(configuration: configuration, storage: storage)
        }
    }

    private struct State {
        var dirty: Set<String> = []
        /// Days written provisional by this process, to finalise when they close.
        var open: Set<String> = []
        /// Whether the days left provisional by an earlier run were looked for.
        var searchedOpen = false
    }

    init(configuration: Configuration, storage: Storage, logger: Logger) {
        let calendar = DigestCalendar(timeZone: configuration.timeZone, graceHours: configuration.digest.graceHours)
        self.calendar = calendar
        store = ClassifiedStore(source: storage.records)
        writer = DigestWriter(directory: configuration.paths.digests, timeZone: configuration.timeZone)
        self.storage = storage
        lockFolder = configuration.paths.state
        settings = Reloadable(Settings(configuration, storage: storage, calendar: calendar))
        self.logger = logger
    }

    /// Follows a reloaded configuration from the next rebuild on: its feed list in the feed
    /// health, its digest title and base URL in the digest feed, its retention. The time zone,
    /// the grace period and the folders stay as they were at start (a reload reports them as
    /// needing a restart).
    func reconfigure(_ configuration: Configuration) {
        settings.replace(with: Settings(configuration, storage: storage, calendar: calendar))
    }

    func markDirty(_ day: String) {
        _ = state.withLock { $0.dirty.insert(day) }
    }

    /// A feed started or stopped failing: today's digest is rebuilt, which records the feeds'
    /// health while the failure is current (see ``FeedHealthLog``).
    func feedHealthChanged(now: Date = Date()) {
        markDirty(calendar.day(of: now))
    }

    /// Rebuilds every day marked dirty, every open day that has closed, and today if it has no
    /// digest yet; returns what was written.
    @discardableResult
    func flush(now: Date = Date()) -> [DigestWriter.Written] {
        // Days still open that other daemons sharing the records added to.
        var recent = [calendar.day(of: now)]
        while recent.count < 4, let earlier = calendar.previous(recent[recent.count - 1]),
            !calendar.isFinal(earlier, at: now)
        {
            recent.append(earlier)
        }
        for day in store.source.changedDays(among: recent) { markDirty(day) }
        let leftOpen = state.withLock { $0.searchedOpen } ? [] : provisionalDays(before: calendar.day(of: now))
        let today = calendar.day(of: now)
        let days = state.withLock { state in
            state.searchedOpen = true
            state.open.formUnion(leftOpen)
            if !state.open.contains(today) { state.dirty.insert(today) }
            let closed = state.open.filter { calendar.isFinal($0, at: now) }
            defer { state.dirty.removeAll() }
            return state.dirty.union(closed).sorted()
        }
        var written: [DigestWriter.Written] = []
        var finalised = false
        for day in days {
            do {
                let result = try rebuild(day, now: now)
                written.append(result.written)
                finalised = finalised || result.final
                state.withLock { state in
                    if result.final { state.open.remove(day) } else { state.open.insert(day) }
                }
                Self.countWrite("written")
            } catch {
                Self.countWrite("failed")
                markDirty(day)  // try again on the next flush
                logger.error("cannot write the digest", metadata: ["digest.day": "\(day)", "error": "\(error)"])
            }
        }
        if finalised { afterClosing(now: now) }
        return written
    }

    private static func countWrite(_ result: String) {
        Counter(label: MetricNames.digestWrites, dimensions: [(MetricNames.Label.result, result)]).increment()
    }

    /// The folder of the lock file that rebuilds hold (see ``rebuild(_:now:)``): the state
    /// folder, kept out of the digest folder that readers list.
    let lockFolder: String
    static let lockName = "digests.lock"

    /// Builds and writes the digest of `day` from its classified items and those of the day
    /// before (for follow-ups); final when the day has closed at `now`.
    ///
    /// Processes sharing the records, the digest folder and the state folder (several
    /// `brinkwatch run` on one configuration) rebuild one at a time, from reading the records to writing the files: else a
    /// rebuild from an older reading could be written after a newer one, and a final digest
    /// could miss items for good.
    func rebuild(_ day: String, now: Date = Date()) throws(FileError) -> (written: DigestWriter.Written, final: Bool) {
        // Without a state folder to hold the lock in, the rebuild still runs: the lock only
        // orders the writers.
        guard let folder = try? Directory(path: lockFolder, create: true) else { return try rebuildHoldingLock(day, now: now) }
        return try folder.withExclusiveLock(on: Self.lockName, gaveUp: {
            logger.warning("another process has held the digest lock for a minute; rebuilding without it",
                           metadata: ["digest.day": "\(day)", "file": "\(folder.pathOf(Self.lockName))"])
        }) { () throws(FileError) in
            try rebuildHoldingLock(day, now: now)
        }
    }

    private func rebuildHoldingLock(_ day: String, now: Date) throws(FileError) -> (written: DigestWriter.Written, final: Bool) {
        let (items, unreadable) = store.items(day: day)
        for path in unreadable {
            logger.warning("classified item unreadable; left out of the digest", metadata: ["file": "\(path)"])
        }
        // Only labelled reports of the day before can make a story a follow-up.
        let earlier = calendar.previous(day).map {
            store.items(day: $0, keeping: { !$0.classification.labels.isEmpty }).items
        } ?? []
        // Decoding left many small blocks free among the records kept; the system gets their
        // pages back before the build, and again before the renderings, so that each phase's peak
        // is its own and not stacked on what the one before freed (measured on a day of 85,000
        // records: the renderings started from 140 MB resident instead of 220 MB).
        clinux_release_free_memory()
        let final = calendar.isFinal(day, at: now)
        let feeds = settings.value.health.health(for: day, today: calendar.day(of: now))
        let digest = DigestBuilder(timeZone: writer.timeZone, feeds: feeds)
            .build(day: day, items: consume items, earlier: earlier, final: final)
        clinux_release_free_memory()
        let result = try writer.write(digest)
        logger.info(final ? "digest written, final" : "digest written", metadata: [
            "digest.day": "\(day)", "digest.items": "\(digest.itemCount)", "digest.path": "\(result.markdown)",
        ])
        if final { try refreshFeed() }
        return (result, final)
    }

    /// Rewrites `digest.atom` from the final digests.
    func refreshFeed() throws(FileError) {
        try settings.value.feed.refresh(in: try Directory(path: writer.directory, create: true))
    }

    /// The days before `today` whose digest an earlier run left provisional (it stopped before
    /// they closed); only the last week is searched.
    private func provisionalDays(before today: String) -> Set<String> {
        var days: Set<String> = []
        var day = today
        for _ in 0..<7 {
            guard let previous = calendar.previous(day) else { break }
            day = previous
            let path = writer.directory + "/" + day + ".json"
            guard let data = FileManager.default.contents(atPath: path),
                let flag = try? JSONDecoder().decode(FinalFlag.self, from: data)
            else { continue }
            if flag.final != true { days.insert(day) }
        }
        return days
    }

    private struct FinalFlag: Decodable {
        var final: Bool?
    }

    /// Applies the retention once a day, when a day closes.
    private func afterClosing(now: Date) {
        do {
            let report = try settings.value.retention.run(now: now)
            if report.digests > 0 { try? refreshFeed() }
            if !report.days.isEmpty || report.deadLetters > 0 || report.digests > 0 {
                logger.notice("retention applied", metadata: [
                    "purge.days": "\(report.days.count)", "purge.records": "\(report.records)",
                    "purge.dead": "\(report.deadLetters)", "purge.digests": "\(report.digests)",
                ])
            }
        } catch {
            logger.error("cannot apply the retention", metadata: ["error": "\(error)"])
        }
    }
}
