import Config
import CoreMetrics
import Feed
import Foundation
import Inbox
import Logging
import Telemetry

/// Fetches a set of feeds, delivers their new items to the inbox, and records each feed's new
/// state and next check.
///
/// The order is what makes a crash harmless: items are made durable in the inbox first, and
/// only then is the feed state (the ids seen, the validators) saved. A crash in between makes
/// the next fetch deliver the same ids again, which the inbox and the results absorb.
///
/// Feeds on the same host are fetched one after the other, ``hostSpacing`` apart; different
/// hosts in parallel (libcurl bounds the connections). When most feeds fail to resolve or
/// connect in one round, the network is down rather than the feeds: their error streaks are
/// left as they were, so an outage does not push every feed into backoff or dormancy.
public struct FetchRound: Sendable {
    public let fetcher: FeedFetcher
    public let inbox: any Inbox
    public let states: any FeedStates
    public let policy: SchedulePolicy
    public let logger: Logger
    /// Called after items were enqueued, to wake the workers.
    public let enqueued: @Sendable () -> Void
    /// Called when a feed starts or stops failing (its saved state gains or loses its error).
    public var healthChanged: @Sendable () -> Void = {}
    /// The pause between the starts of two requests to the same host.
    public var hostSpacing: Duration = .seconds(1)
    /// How long a daemon sharing the feed states holds a feed while fetching it; longer than a
    /// fetch can take, short enough that a dead daemon's feeds are soon fetched by another. A
    /// feed that waited long for its host's transfer slot renews it before its request.
    public var feedLeaseSeconds: Double = 300
    /// The most requests in flight to one host at once (`max_connections_per_host`): with no
    /// spacing, a host's feeds are fetched this many at a time instead of one after another.
    public var hostConnections = 1
    /// How long an item id is remembered after it was first seen.
    public var seenRetentionDays: Double = 180
    /// Recorded in each item's provenance.
    public var parserVersion = "brinkwatch"
    /// Watches the queue's disk: while it is full, feeds are deferred rather than fetched.
    public var diskSpace: DiskSpaceAlarm?
    /// Called after each feed of a round, to show the loop is alive (the systemd watchdog).
    public var progress: @Sendable () -> Void = {}
    /// The new items of feeds fetched at the same time, made durable together: one inbox batch
    /// costs a few syncs whatever its size, so a round pays them per batch, not per feed.
    private let deliveries: GroupCommit<[InboxItem], Int>
    /// The same for the feed states saved after their items.
    private let saves: GroupCommit<(feed: String, state: FeedState), Void>

    public init(
        fetcher: FeedFetcher, inbox: any Inbox, states: any FeedStates, policy: SchedulePolicy, logger: Logger,
        enqueued: @escaping @Sendable () -> Void = {}
    ) {
        self.fetcher = fetcher
        self.inbox = inbox
        self.states = states
        self.policy = policy
        self.logger = logger
        self.enqueued = enqueued
        deliveries = GroupCommit { batches in FetchRound.enqueue(batches, into: inbox) }
        saves = GroupCommit { entries in states.saveAll(entries) }
    }

    /// Enqueues the items of several feeds as one batch; when that fails, each feed's on its
    /// own, so that one feed's failure stays its own. Answers how many of each became ready.
    static func enqueue(_ batches: [[InboxItem]], into inbox: any Inbox) -> [Result<Int, any Error>] {
        if batches.count > 1, let accepted = try? Set(inbox.enqueue(batches.flatMap { $0 })) {
            return batches.map { batch in .success(batch.filter { accepted.contains($0.id) }.count) }
        }
        return batches.map { batch in
            do {
                return .success(try inbox.enqueue(batch).count)
            } catch {
                return .failure(error)
            }
        }
    }

    /// What one round did.
    public struct Report: Sendable, Equatable {
        public var fetched = 0
        public var unchanged = 0
        public var failed = 0
        public var rateLimited = 0
        public var enqueued = 0
        /// Most feeds were unreachable: a network outage, so error streaks were frozen.
        public var outage = false
        /// Set when the inbox refused work after a failed fsync: the process must restart.
        public var broken: String?
        /// Feeds not fetched because the queue's disk is full, because their state was out of
        /// reach, or because another process was fetching them; to be tried again shortly.
        public var deferred: [String] = []

        mutating func add(_ other: Report) {
            fetched += other.fetched
            unchanged += other.unchanged
            failed += other.failed
            rateLimited += other.rateLimited
            enqueued += other.enqueued
            broken = broken ?? other.broken
            deferred += other.deferred
        }
    }

    /// The feeds whose next check has come (or that were never fetched).
    public func due(_ feeds: [FeedSource], at now: Date) -> [FeedSource] {
        feeds.filter { feed in
            guard let next = (try? states.loadSummary(feed.name))??.nextCheck else { return true }
            return next <= now
        }
    }

    /// The saved next check of `feed`, or nil when it has never been fetched (or its state is unreadable).
    public func nextCheck(of feed: FeedSource) -> Date? {
        (try? states.loadSummary(feed.name))??.nextCheck
    }

    /// Fetches every feed in `feeds` and returns what happened.
    ///
    /// `rechecking`: for a loop that keeps its own schedule (the daemon's): a feed whose saved
    /// state says it is not due yet (another process fetched it since the loop read its
    /// schedule) is left until then. Daemons sharing the states always recheck.
    public func run(
        _ feeds: [FeedSource], rechecking: Bool = false, now: @escaping @Sendable () -> Date = Date.init
    ) async -> Report {
        if let diskSpace, !diskSpace.spaceAvailable() {
            // Fetching now would download items that cannot be stored.
            return Report(deferred: feeds.map(\.name))
        }
        let hosts = Dictionary(grouping: feeds, by: Self.hostKey)
        let spacing = hostSpacing
        var total = Report()
        var unreachable: [PendingFailure] = []
        await withTaskGroup(of: (Report, [PendingFailure]).self) { group in
            for key in hosts.keys.sorted() {
                let sameHost = hosts[key] ?? []
                group.addTask {
                    await self.fetchHost(
                        sameHost, spacing: spacing, limit: max(1, self.hostConnections), rechecking: rechecking, now: now)
                }
            }
            for await (report, pending) in group {
                total.add(report)
                unreachable += pending
            }
        }
        let networkFeeds = feeds.filter { !$0.isFile }.count
        total.outage = unreachable.count >= 3 && unreachable.count * 2 > networkFeeds
        if total.outage {
            logger.error("network outage: most feeds unreachable; their error streaks are frozen", metadata: [
                "fetch.unreachable": "\(unreachable.count)", "fetch.feeds": "\(networkFeeds)",
            ])
        }
        for failure in unreachable {
            await record(failure, outage: total.outage)
            total.failed += 1
        }
        return total
    }

    /// Fetches the feeds of one host: starts `spacing` apart, at most `limit` transfers in flight.
    ///
    /// Without spacing, twice as many feeds are in progress as there are transfers, so that the
    /// next transfers run while the feeds before them are stored (``TransferSlots``). With
    /// spacing, one feed in progress per transfer: a feed waiting for a slot would start its
    /// request as soon as one frees, less than `spacing` after the one before.
    private func fetchHost(
        _ feeds: [FeedSource], spacing: Duration, limit: Int, rechecking: Bool, now: @escaping @Sendable () -> Date
    ) async -> (Report, [PendingFailure]) {
        let slots = TransferSlots(limit)
        let window = spacing > .zero ? limit : 2 * limit
        return await withTaskGroup(of: Step.self) { inFlight in
            var report = Report()
            var pending: [PendingFailure] = []
            func absorb(_ step: Step) {
                switch step {
                case .done(let one): report.add(one)
                case .unreachable(let failure): pending.append(failure)
                }
            }
            var running = 0
            for (index, feed) in feeds.enumerated() {
                if running >= window, let step = await inFlight.next() {
                    absorb(step)
                    running -= 1
                }
                if index > 0, spacing > .zero { try? await Task.sleep(for: spacing) }
                inFlight.addTask {
                    let step = await self.fetch(feed, now: now(), rechecking: rechecking, slots: slots)
                    self.progress()
                    return step
                }
                running += 1
            }
            for await step in inFlight { absorb(step) }
            return (report, pending)
        }
    }

    /// Fetches one feed now, whatever its schedule, and records the result.
    public func fetchNow(_ feed: FeedSource, now: Date) async -> Report {
        switch await fetch(feed, now: now, forced: true) {
        case .done(let report):
            return report
        case .unreachable(let failure):
            await record(failure, outage: false)
            return Report(failed: 1)
        }
    }

    // MARK: - One feed

    private enum Step: Sendable {
        case done(Report)
        /// A DNS or connection failure, recorded once the whole round shows whether it is an outage.
        case unreachable(PendingFailure)
    }

    struct PendingFailure: Sendable {
        var feed: FeedSource
        var state: FeedState
        var message: String
        var now: Date
    }

    /// `slots`: when given, the transfer waits for one of them and gives it back as soon as the
    /// transfer ends, before the body is parsed.
    private func fetch(
        _ feed: FeedSource, now: Date, forced: Bool = false, rechecking: Bool = false, slots: TransferSlots? = nil
    ) async -> Step {
        // Daemons sharing the feed states fetch each feed one at a time: the one holding the
        // lease fetches, and one that finds the feed just fetched by another leaves it.
        // A feed another process is fetching is tried again shortly (by then its state says
        // when it is next due), not at once: its schedule, read now, may still say it is due.
        guard states.lease(feed.name, seconds: feedLeaseSeconds) else {
            // Routine between daemons sharing a database; with state files, a one-off fetch beside the daemon.
            logger.with(feed).log(level: states.isShared ? .debug : .info,
                                  "another process is fetching this feed; trying it again shortly")
            return .done(Report(deferred: [feed.name]))
        }
        defer { states.releaseLease(feed.name) }
        guard var state = loadState(feed) else { return .done(Report(deferred: [feed.name])) }
        let wasFailing = state.lastError != nil
        // Another process may have fetched the feed since it was scheduled here (the lease was
        // refused meanwhile, say): then its state is newer than the schedule, and it waits.
        if states.isShared || rechecking, !forced, let next = state.nextCheck, next > now { return .done(Report()) }
        state.lastAttempt = now
        var report = Report()
        let log = logger.with(feed)
        if let slots {
            let asked = ContinuousClock.now
            await slots.acquire()
            // The wait is bounded by the transfers ahead (each by the total timeout), but it is not
            // part of this fetch's own timeout: after a long one the lease is renewed, and a feed
            // that another daemon has taken meanwhile is left to it.
            if ContinuousClock.now - asked > .seconds(1), !states.lease(feed.name, seconds: feedLeaseSeconds) {
                await slots.release()
                return .done(Report())
            }
        }
        let outcome = await fetcher.fetch(feed, state: state, now: now, transferred: { await slots?.release() })
        switch outcome {
        case .failed(let message, _, let network) where network:
            return .unreachable(PendingFailure(feed: feed, state: state, message: message, now: now))
        case .failed(let message, let status, _):
            report.failed = 1
            state.lastStatus = status
            fail(&state, message, now: now, counting: true)
            log.error("feed fetch failed", metadata: state.logMetadata)
        case .unchanged(let body):
            report.unchanged = 1
            succeed(&state, body, now: now, log: log)
            if body.staleCopy {
                log.info("feed served an older copy than the last one (a cache behind it?); nothing new taken from it")
            } else {
                log.debug("feed unchanged", metadata: ["feed.status": "\(body.status)"])
            }
        case .rateLimited(let body):
            report.rateLimited = 1
            move(&state, body, log: log)
            let delay = policy.rateLimitDelay(retryAfter: body.hints.retryAfter)
            state.lastStatus = body.status
            state.lastError = "HTTP \(body.status): asked to wait \(Int(delay)) s"
            state.rateLimitedUntil = now.addingTimeInterval(delay)
            state.nextCheck = now.addingTimeInterval(delay * (1 + policy.jitter * Double.random(in: 0...1)))
            log.warning("feed rate-limited; waiting as asked", metadata: state.logMetadata)
        case .gone(let body):
            report.failed = 1
            move(&state, body, log: log)
            state.lastStatus = body.status
            state.lastError = "gone (HTTP 410)"
            state.dormant = true
            state.failingSince = state.failingSince ?? now
            state.nextCheck = now.addingTimeInterval(policy.jittered(policy.dormantProbe))
            log.warning("feed is gone; dormant, probed daily", metadata: state.logMetadata)
        case .fresh(let document, let body):
            // Without the remembered ids nothing can be told new: the body waits for the next try.
            guard loadItems(&state, feed: feed) else { return .done(Report(deferred: [feed.name])) }
            for error in document.errors.prefix(3) {
                log.warning("feed is malformed; keeping the items before the fault", metadata: ["error": "\(error)"])
            }
            let fresh = document.items.filter { state.seen[$0.id] == nil }
            // Once per item: compared with the remembered one, then remembered.
            let fingerprints = document.items.map(\.contentFingerprint)
            let updates = zip(document.items, fingerprints).compactMap { item, fingerprint -> Delivery? in
                guard let seen = state.seen[item.id], let known = state.fingerprints[item.id],
                    item.changed(since: known, fingerprint: fingerprint)
                else { return nil }
                // An update keeps the first sighting's time, so it is placed where the original was.
                return Delivery(
                    item: item, revision: (state.revisions[item.id] ?? 1) + 1,
                    firstSeen: Date(timeIntervalSince1970: seen))
            }
            do {
                report.enqueued = try await deliver(
                    fresh.map { Delivery(item: $0, revision: nil, firstSeen: now) } + updates, feed: feed,
                    document: document, body: body, now: now)
            } catch {
                // Nothing is recorded as seen: the same items come back on the next fetch.
                if let inboxError = error as? InboxError, inboxError.code == .broken { report.broken = "\(inboxError)" }
                report.failed = 1
                state.lastError = "cannot enqueue: \(error)"
                state.nextCheck = now.addingTimeInterval(60)
                if diskSpace?.noteFailure(error, storing: "the new items of \(feed.name)") != true {
                    log.error("cannot store new items; will fetch again", metadata: ["error": "\(error)"])
                }
                await save(state, feed: feed, wasFailing: wasFailing)
                return .done(report)
            }
            report.fetched = 1
            Counter(label: MetricNames.itemsEnqueued).increment(by: report.enqueued)
            if report.enqueued > 0 { diskSpace?.noteSuccess() }
            for item in fresh { state.seen[item.id] = now.timeIntervalSince1970 }
            for update in updates { state.revisions[update.item.id] = update.revision }
            for (item, fingerprint) in zip(document.items, fingerprints) where state.seen[item.id] != nil {
                state.fingerprints[item.id] = fingerprint
            }
            // A broken document lists only the items before its fault: the others are not gone from the feed.
            if document.errors.isEmpty {
                state.forgetSeen(olderThan: seenRetentionDays, now: now, keeping: Set(document.items.map(\.id)))
            }
            succeed(&state, body, now: now, log: log)
            log.info("feed fetched", metadata: [
                "feed.items": "\(document.items.count)", "feed.new_items": "\(fresh.count)",
                "feed.updated_items": "\(updates.count)",
                "feed.format": "\(document.format.rawValue)",
            ])
        }
        await save(state, feed: feed, wasFailing: wasFailing)
        if report.enqueued > 0 { enqueued() }
        return .done(report)
    }

    private func record(_ failure: PendingFailure, outage: Bool) async {
        // The feed's lease was given back with the fetch; it is taken again to save. Another
        // process holding it, or having fetched the feed since (its state is newer), has the
        // feed's state in hand: the failure is left unrecorded rather than saved over it.
        guard states.lease(failure.feed.name, seconds: feedLeaseSeconds) else { return }
        defer { states.releaseLease(failure.feed.name) }
        if let attempted = (try? states.loadSummary(failure.feed.name))??.lastAttempt, attempted > failure.now { return }
        var state = failure.state
        fail(&state, failure.message, now: failure.now, counting: !outage)
        state.lastStatus = nil
        let log = logger.with(failure.feed)
        if outage {
            // Still one line per feed, so that no feed fails silently; a warning, since the
            // network is at fault rather than the feed.
            log.warning("feed unreachable during a network outage; will retry", metadata: state.logMetadata)
        } else {
            log.error("feed fetch failed", metadata: state.logMetadata)
        }
        await save(state, feed: failure.feed, wasFailing: failure.state.lastError != nil)
    }

    // MARK: - State changes

    private func succeed(_ state: inout FeedState, _ body: FetchOutcome.FetchedBody, now: Date, log: Logger) {
        move(&state, body, log: log)
        state.etag = body.etag
        state.lastModified = body.lastModified
        if let newer = body.sha256, let older = state.bodySHA256, newer != older {
            state.earlierBodies = Array(([older] + state.earlierBodies.filter { $0 != newer })
                .prefix(FeedState.earlierBodiesKept))
        }
        state.bodySHA256 = body.sha256
        state.lastStatus = body.status
        state.lastSuccess = now
        state.lastError = nil
        state.errorStreak = 0
        state.failingSince = nil
        state.dormant = false
        state.rateLimitedUntil = nil
        let interval = policy.successInterval(itemsLastWeek: state.itemsInLastWeek(now: now), hints: body.hints, now: now)
        state.interval = interval
        state.nextCheck = now.addingTimeInterval(policy.jittered(interval))
    }

    private func fail(_ state: inout FeedState, _ message: String, now: Date, counting: Bool) {
        state.lastError = message
        if counting {
            state.errorStreak += 1
            state.failingSince = state.failingSince ?? now
        }
        if let since = state.failingSince, now.timeIntervalSince(since) >= policy.dormantAfter { state.dormant = true }
        let delay: TimeInterval
        if state.dormant {
            delay = policy.dormantProbe
        } else if counting {
            delay = policy.errorDelay(streak: state.errorStreak, interval: state.interval)
        } else {
            delay = policy.minimum
        }
        state.nextCheck = now.addingTimeInterval(policy.jittered(delay))
    }

    /// Follows a permanent redirect: the feed is fetched from its new URL from now on.
    private func move(_ state: inout FeedState, _ body: FetchOutcome.FetchedBody, log: Logger) {
        guard let target = body.movedTo, target != state.url else { return }
        log.notice("feed moved permanently; using the new URL", metadata: ["feed.from": "\(state.url)", "feed.to": "\(target)"])
        state.url = target
        state.etag = nil
        state.lastModified = nil
    }

    // MARK: - Inbox and files

    /// Enqueues items (with the revision of each update) in one batch; returns how many were new to the inbox.
    ///
    /// An update goes in under `<id>-r<revision>`, since the inbox refuses a second item under one
    /// name; its record says which item it revises, and the digest keeps the latest revision.
    private struct Delivery {
        var item: FeedItem
        var revision: Int?
        var firstSeen: Date
    }

    private func deliver(
        _ items: [Delivery], feed: FeedSource, document: FeedDocument,
        body: FetchOutcome.FetchedBody, now: Date
    ) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        let provenance = InboxEnvelope.Provenance(
            requestedURL: body.requestedURL,
            effectiveURL: body.effectiveURL,
            status: body.status,
            fetchedAt: now,
            bodySHA256: body.sha256 ?? "",
            format: document.format.rawValue,
            parser: parserVersion
        )
        let inboxItems = items.map { entry in
            var envelope = InboxEnvelope(
                feedTitle: feed.title, firstSeen: entry.firstSeen, item: entry.item, provenance: provenance)
            envelope.revision = entry.revision
            let id = entry.revision.map { "\(entry.item.id)-r\($0)" } ?? entry.item.id
            return InboxItem(id: id, payload: envelope.encoded())
        }
        return try await deliveries.submit(inboxItems).get()
    }

    /// The state a fetch of `feed` starts from: without its items when the store can save it so
    /// (most fetches find nothing new, and a busy feed remembers thousands of ids; see
    /// ``loadItems(_:feed:)``), else whole; a fresh one when there is none or it is damaged; nil
    /// when it is out of reach for now (the feed is deferred, its state left as it is).
    private func loadState(_ feed: FeedSource) -> FeedState? {
        do {
            guard var state = try states.loadSummary(feed.name) else { return FeedState(url: feed.url) }
            let moved = (state.configuredURL ?? state.url) != feed.url
            if moved || !state.savableWithoutItems {
                guard let full = try states.load(feed.name) else { return FeedState(url: feed.url) }
                // Read whole only to bring the state's record of its items (the week's sightings,
                // the count) up to date, items stored apart and unchanged: the record is kept and
                // the items let go, rather than held through the wait for a transfer slot and the
                // transfer (thousands of ids a feed); a new body reads them again.
                state = !moved && !full.itemsChanged ? full.withoutItems : full
            }
            if moved {
                // The configuration moved the feed: validators and schedule belong to the old
                // URL, but the ids already delivered stay remembered.
                var restarted = FeedState(url: feed.url)
                restarted.remember(itemsOf: state)
                state = restarted
            }
            state.configuredURL = feed.url
            return state
        } catch where DamagedFeedState.isDamage(error) {
            return afresh(feed, damage: error)
        } catch {
            logger.with(feed).error("cannot read the feed state; trying the feed again in a minute",
                                    metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// A new state for a feed whose stored one is damaged, with the ids it delivered when they
    /// can still be read (``FeedStates/salvageItems(_:)``); else its current items go in again.
    private func afresh(_ feed: FeedSource, damage error: any Error) -> FeedState {
        var state = FeedState(url: feed.url)
        guard let kept = states.salvageItems(feed.name) else {
            logger.with(feed).error("feed state damaged; starting the feed afresh", metadata: ["error": "\(error)"])
            return state
        }
        state.remember(itemsOf: kept)
        logger.with(feed).error("feed state damaged; starting the feed afresh, keeping the ids it delivered", metadata: [
            "error": "\(error)", "feed.remembered": "\(kept.seen.count)",
        ])
        return state
    }

    /// Reads the remembered items into a state read without them, so that a new body's items
    /// are checked against them; false when they are out of reach for now (the feed is deferred).
    /// Damaged items are started afresh, as ``loadState(_:)`` does with a whole state.
    private func loadItems(_ state: inout FeedState, feed: FeedSource) -> Bool {
        guard state.itemsOmitted else { return true }
        do {
            state.adoptItems(of: try states.load(feed.name))
        } catch where DamagedFeedState.isDamage(error) {
            logger.with(feed).error("feed state damaged; starting the feed afresh", metadata: ["error": "\(error)"])
            state.adoptItems(of: nil)
        } catch {
            logger.with(feed).error("cannot read the feed's remembered items; trying the feed again in a minute",
                                    metadata: ["error": "\(error)"])
            return false
        }
        return true
    }

    /// Saves the state after a fetch; tells ``healthChanged`` when the feed started or stopped
    /// failing (`wasFailing`: whether the state it started from had an error).
    private func save(_ state: FeedState, feed: FeedSource, wasFailing: Bool) async {
        var state = state
        state.configuredURL = feed.url
        if case .failure(let error) = await saves.submit((feed.name, state)) {
            if diskSpace?.noteFailure(error, storing: "the state of \(feed.name)") != true {
                logger.with(feed).error("cannot save the feed state", metadata: ["error": "\(error)"])
            }
        } else if (state.lastError != nil) != wasFailing {
            healthChanged()
        }
    }

    static func hostKey(_ feed: FeedSource) -> String {
        if feed.isFile { return "file:" + feed.name }
        return URLComponents(string: feed.url)?.host?.lowercased() ?? feed.url
    }
}

extension Logger {
    func with(_ feed: FeedSource) -> Logger {
        var logger = self
        logger[metadataKey: "feed"] = "\(feed.name)"
        return logger
    }
}

extension FeedState {
    var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["feed.url": "\(url)", "feed.error_streak": "\(errorStreak)"]
        if let lastError { metadata["error"] = "\(lastError)" }
        if let nextCheck { metadata["feed.next_check"] = "\(nextCheck.formatted(.iso8601))" }
        if dormant { metadata["feed.dormant"] = "true" }
        return metadata
    }
}
