import Classifier
import Config
import Curl
import Digest
import Fetcher
import Foundation
import Inbox
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// The whole pipeline, wired: feeds → fetcher → inbox → workers → classified items → digests.
///
/// ``runOnce()`` does one pass of every stage and returns; ``run()`` keeps every stage running
/// as a service until SIGTERM or SIGINT, then drains: the fetcher stops first, the workers
/// finish what they hold, the digests are flushed last. SIGHUP reloads the configuration and
/// the classifier's knowledge (see ``reload()``).
public final class Daemon: Sendable {
    /// The configuration in force (replaced by ``reload()``).
    public var configuration: Configuration { current.value }
    let current: Reloadable<Configuration>
    let classifier: Reloadable<Classifier>
    let logger: Logger
    /// Rung by a reload, so that the fetcher looks at the new feed list at once.
    let scheduleBell = Doorbell()
    let client: CurlClient
    let inbox: any Inbox
    /// The queue, records and feed states (files, or PostgreSQL).
    let storage: Storage
    let doorbell = Doorbell()
    /// The loops' progress, which the systemd watchdog pings depend on.
    let liveness = Liveness()
    let publisher: DigestPublisher
    let round: FetchRound
    let reaper: InboxReaper
    let pool: WorkerPool

    public init(configuration: Configuration, logger: Logger) throws(DaemonError) {
        current = Reloadable(configuration)
        self.logger = logger
        let knowledge = try Self.loadKnowledge(configuration)
        let classifier = Reloadable(Classifier(knowledge: knowledge, focus: configuration.focus))
        self.classifier = classifier
        let storage = try Storage.open(configuration)
        self.storage = storage
        inbox = storage.inbox
        client = try Self.makeClient(configuration)
        let publisher = DigestPublisher(configuration: configuration, storage: storage, logger: logger)
        self.publisher = publisher
        var round = Self.makeRound(configuration: configuration, client: client, storage: storage, logger: logger,
                                   doorbell: doorbell)
        round.progress = { [liveness] in liveness.beat(FetchService.loopName) }
        round.healthChanged = { publisher.feedHealthChanged() }
        self.round = round
        reaper = InboxReaper(inbox: inbox, logger: logger)
        var pool = WorkerPool(
            inbox: inbox,
            processor: ItemProcessor(
                inbox: inbox,
                classifier: classifier,
                calendar: DigestCalendar(timeZone: configuration.timeZone, graceHours: configuration.digest.graceHours),
                logger: logger,
                diskSpace: round.diskSpace
            ),
            workers: configuration.workers,
            logger: logger,
            doorbell: doorbell,
            completed: { publisher.markDirty($0) }
        )
        pool.liveness = liveness
        // Another daemon's enqueue is announced by a notification; should that listener be down,
        // idle workers still look every few seconds.
        if storage.isShared { pool.idleCheck = .seconds(5) }
        self.pool = pool
    }

    deinit { client.shutdown() }

    static func loadKnowledge(_ configuration: Configuration) throws(DaemonError) -> Knowledge {
        do {
            return try Knowledge.load(directory: URL(fileURLWithPath: configuration.paths.classifier))
        } catch {
            throw DaemonError(step: "loading the classifier's knowledge", message: "\(error)")
        }
    }

    /// `6 of 7 feeds healthy, 42 items today`: the one line systemd shows for the service.
    static func statusLine(_ configuration: Configuration, storage: Storage, now: Date = Date()) -> String {
        let states = storage.feedStates
        let healthy = configuration.feeds.filter { feed in
            FeedCondition((try? states.loadSummary(feed.name)) ?? nil, now: now).kind == .healthy
        }.count
        let today = DigestDay.of(now, in: configuration.timeZone)
        let items = storage.records.count(day: today)
        return "\(healthy) of \(configuration.feeds.count) feeds healthy, \(items) items today"
    }

    static func makeClient(_ configuration: Configuration) throws(DaemonError) -> CurlClient {
        do {
            return try CurlClient(configuration: .init(
                maxTotalConnections: configuration.fetch.maxConnections,
                maxHostConnections: configuration.fetch.maxConnectionsPerHost
            ))
        } catch {
            throw DaemonError(step: "starting libcurl", message: "\(error)")
        }
    }

    /// The fetch round the configuration describes: its schedule bounds, host spacing and
    /// User-Agent, ringing the workers' doorbell when items arrive.
    static func makeRound(
        configuration: Configuration, client: CurlClient, storage: Storage, logger: Logger, doorbell: Doorbell
    ) -> FetchRound {
        let settings = configuration.fetch
        var round = FetchRound(
            fetcher: FeedFetcher(client: client, settings: settings, userAgent: userAgent(contact: settings.contact)),
            inbox: storage.inbox,
            states: storage.feedStates,
            policy: SchedulePolicy(
                minimum: TimeInterval(settings.minIntervalMinutes * 60),
                maximum: TimeInterval(settings.maxIntervalMinutes * 60)
            ),
            logger: logger,
            enqueued: { doorbell.ring() }
        )
        round.hostSpacing = .milliseconds(Int(settings.hostSpacingSeconds * 1000))
        round.hostConnections = settings.maxConnectionsPerHost
        round.parserVersion = "brinkwatch \(BrinkwatchVersion.string)"
        round.feedLeaseSeconds = Double(max(configuration.queue.leaseSeconds, 2 * settings.timeoutSeconds))
        if case .files = configuration.queue.store {
            round.diskSpace = DiskSpaceAlarm(path: configuration.paths.inbox, logger: logger)
        }
        return round
    }

    /// `brinkwatch/0.1.0 (feed fetcher; +mailto:ops@example.org)`: who is fetching, and how
    /// to reach the people who run it.
    public static func userAgent(contact: String?) -> String {
        var agent = "brinkwatch/\(BrinkwatchVersion.string) (feed fetcher"
        if let contact { agent += "; +\(contact)" }
        return agent + ")"
    }

    /// What one pass of ``runOnce()`` did.
    public struct OnceReport: Sendable {
        public var feedsFetched: Int
        public var feedsUnchanged: Int
        public var feedsFailed: Int
        public var itemsEnqueued: Int
        public var itemsClassified: Int
        /// The digests written, Markdown and JSON.
        public var digests: [DigestWriter.Written]
        /// Today's digest in the configured time zone.
        public var today: DigestWriter.Written?
    }

    /// One fetch cycle over every feed (whatever their schedule) with the workers taking its
    /// items as they arrive, the inbox drained, the digests of every day that got items (and of today) rewritten.
    ///
    /// - Throws: ``DaemonError`` when the inbox refuses work after a failed fsync.
    public func runOnce(now: Date = Date()) async throws(DaemonError) -> OnceReport {
        try reaper.run()
        StaleTemporaries.remove(configuration, storage: storage)
        let (round, feeds) = (round, configuration.feeds)
        let drained = await pool.drain(alongside: { await round.run(feeds) })
        let (fetch, classified) = (drained.result, drained.completed)
        if let broken = fetch.broken { throw DaemonError(step: "enqueueing fetched items", message: broken) }
        if let broken = drained.broken { throw DaemonError(step: "processing the inbox", message: broken) }
        let today = DigestDay.of(now, in: configuration.timeZone)
        publisher.markDirty(today)
        let written = publisher.flush()
        return OnceReport(
            feedsFetched: fetch.fetched,
            feedsUnchanged: fetch.unchanged,
            feedsFailed: fetch.failed,
            itemsEnqueued: fetch.enqueued,
            itemsClassified: classified,
            digests: written,
            today: written.first { $0.markdown.hasSuffix("/\(today).md") }
        )
    }

    /// Runs until SIGTERM or SIGINT, then drains and returns.
    ///
    /// - Parameter metrics: The registry the metrics exporters publish, when the configuration
    ///   asks for them; nil for the process-wide one (see `TelemetryBootstrap`). A test passes its
    ///   own and binds a factory for it to its task.
    public func run(notifier: SystemdNotifier = SystemdNotifier(), metrics: PrometheusCollectorRegistry? = nil)
        async throws
    {
        let exporters = try metricsServices(registry: metrics)
        let stopWakeups = storage.wakeups?(logger, { [doorbell] in doorbell.ring() })
        defer { stopWakeups?() }
        try reaper.run()
        StaleTemporaries.remove(configuration, storage: storage)
        publisher.markDirty(DigestDay.of(Date(), in: configuration.timeZone))
        let current = current
        var fetch = FetchService(
            round: round, reaper: reaper, feeds: { current.value.feeds }, wake: scheduleBell, logger: logger)
        fetch.notifier = notifier
        fetch.liveness = liveness
        if storage.isShared { fetch.reapEvery = max(5, Double(configuration.queue.leaseSeconds) / 2) }
        fetch.status = { [storage] in Self.statusLine(current.value, storage: storage) }
        var services: [any Service] = [
            DigestService(publisher: publisher, period: .seconds(5)),
            WorkerService(pool: pool),
            fetch,
            ReloadService(daemon: self, notifier: notifier, hangups: await UnixSignalsSequence(trapping: .sighup)),
            StopNoticeService(notifier: notifier),
        ]
        // First to start, last to stop: the exporters show the drain, and the textfile keeps the final counts.
        services.insert(contentsOf: exporters, at: 0)
        if notifier.watchdogInterval != nil { services.insert(WatchdogService(notifier: notifier, liveness: liveness, logger: logger), at: 0) }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        let secondSignal = SecondSignal(logger: logger)
        defer { secondSignal.cancel() }
        try await group.run()
    }
}
