import Config
import Curl
import Feed
import Foundation
import Inbox
import Logging

/// Fetches feeds and delivers their new items to the inbox, then records what was delivered.
///
/// The order is what makes a crash harmless: items are made durable in the inbox first, and
/// only then is the feed state (the ids seen, the validators) saved. A crash in between makes
/// the next fetch deliver the same ids again, which the inbox and the results absorb.
struct FetchCycle: Sendable {
    let fetcher: FeedFetcher
    let inbox: any Inbox
    let states: FeedStateStore
    let logger: Logger
    /// Rung after items were enqueued.
    let doorbell: Doorbell
    /// How long an item id is remembered after it was first seen.
    var seenRetentionDays: Double = 180

    /// What one cycle did.
    struct Report: Sendable, Equatable {
        var fetched = 0
        var unchanged = 0
        var failed = 0
        var enqueued = 0
        /// Set when the inbox refused work after a failed fsync: the process must restart.
        var broken: String?
    }

    /// The feeds whose next check has come (or that were never fetched).
    func due(_ feeds: [FeedSource], at now: Date) -> [FeedSource] {
        feeds.filter { feed in
            guard let next = (try? states.load(feed.name))??.nextCheck else { return true }
            return next <= now
        }
    }

    /// The earliest next check among `feeds`, or nil when none has been fetched yet.
    func nextCheck(_ feeds: [FeedSource]) -> Date? {
        feeds.compactMap { (try? states.load($0.name))??.nextCheck }.min()
    }

    /// Returns abandoned claims to the ready items.
    func recoverInbox() throws(DaemonError) {
        do {
            let report = try inbox.recover()
            if report.requeued + report.dropped > 0 {
                logger.notice("inbox: returned abandoned items", metadata: [
                    "inbox.requeued": "\(report.requeued)", "inbox.dropped": "\(report.dropped)",
                ])
            }
        } catch where error.code == .broken {
            throw DaemonError(step: "recovering the inbox", message: "\(error)")
        } catch {
            logger.error("inbox recovery failed", metadata: ["error": "\(error)"])
        }
    }

    /// Fetches every feed in `feeds` concurrently (libcurl bounds the connections) and
    /// enqueues their new items.
    func run(_ feeds: [FeedSource], now: @escaping @Sendable () -> Date = Date.init) async -> Report {
        await withTaskGroup(of: Report.self) { group in
            for feed in feeds {
                group.addTask { await self.fetch(feed, now: now()) }
            }
            var total = Report()
            for await report in group {
                total.fetched += report.fetched
                total.unchanged += report.unchanged
                total.failed += report.failed
                total.enqueued += report.enqueued
                total.broken = total.broken ?? report.broken
            }
            return total
        }
    }

    /// Fetches one feed, enqueues its new items and saves its state.
    func fetch(_ feed: FeedSource, now: Date) async -> Report {
        var logger = logger
        logger[metadataKey: "feed"] = "\(feed.name)"
        var state = loadState(feed, logger: logger)
        state.lastAttempt = now
        var report = Report()

        switch await fetcher.fetch(feed, state: state, now: now) {
        case .failed(let message, let status):
            report.failed = 1
            state.lastStatus = status
            state.lastError = message
            state.errorStreak += 1
            state.nextCheck = now.addingTimeInterval(retryDelay(streak: state.errorStreak))
            logger.error("feed fetch failed; will retry", metadata: [
                "error": "\(message)", "feed.url": "\(state.url)", "feed.error_streak": "\(state.errorStreak)",
                "feed.next_check": "\(state.nextCheck.map(iso8601) ?? "")",
            ])
        case .unchanged(let body):
            report.unchanged = 1
            record(body, in: &state, now: now)
            logger.debug("feed unchanged", metadata: ["feed.status": "\(body.status)"])
        case .fresh(let document, let body):
            report.fetched = 1
            for error in document.errors.prefix(3) {
                logger.warning("feed is malformed; keeping the items before the fault", metadata: ["error": "\(error)"])
            }
            let fresh = document.items.filter { state.seen[$0.id] == nil }
            do {
                report.enqueued = try enqueue(fresh, feed: feed, document: document, body: body, now: now)
            } catch {
                // Nothing is recorded as seen: the same items come back on the next fetch.
                if let inboxError = error as? InboxError, inboxError.code == .broken { report.broken = "\(inboxError)" }
                report.failed = 1
                report.fetched = 0
                state.lastError = "cannot enqueue: \(error)"
                state.nextCheck = now.addingTimeInterval(60)
                logger.error("cannot store new items; will fetch again", metadata: ["error": "\(error)"])
                save(state, feed: feed, logger: logger)
                return report
            }
            for item in fresh { state.seen[item.id] = now.timeIntervalSince1970 }
            state.forgetSeen(olderThan: seenRetentionDays, now: now)
            record(body, in: &state, now: now)
            logger.info("feed fetched", metadata: [
                "feed.items": "\(document.items.count)", "feed.new_items": "\(fresh.count)",
                "feed.format": "\(document.format.rawValue)",
            ])
        }
        save(state, feed: feed, logger: logger)
        if report.enqueued > 0 { doorbell.ring() }
        return report
    }

    private func enqueue(
        _ items: [FeedItem], feed: FeedSource, document: FeedDocument, body: FetchOutcome.FetchedBody, now: Date
    ) throws -> Int {
        guard !items.isEmpty else { return 0 }
        let provenance = InboxEnvelope.Provenance(
            requestedURL: body.requestedURL,
            effectiveURL: body.effectiveURL,
            status: body.status,
            fetchedAt: now,
            bodySHA256: body.sha256 ?? "",
            format: document.format.rawValue,
            parser: "brinkwatch \(BrinkwatchVersion.string)"
        )
        let inboxItems = try items.map { item in
            InboxItem(
                id: item.id,
                payload: try InboxEnvelope(feedTitle: feed.title, firstSeen: now, item: item, provenance: provenance).encoded()
            )
        }
        return try inbox.enqueue(inboxItems).count
    }

    private func record(_ body: FetchOutcome.FetchedBody, in state: inout FeedState, now: Date) {
        state.etag = body.etag
        state.lastModified = body.lastModified
        state.bodySHA256 = body.sha256
        state.lastStatus = body.status
        state.lastSuccess = now
        state.lastError = nil
        state.errorStreak = 0
        state.nextCheck = now.addingTimeInterval(Double(fetcher.settings.intervalMinutes) * 60)
    }

    /// Exponential backoff from the normal interval, capped at a day: a failing feed is never
    /// dropped, only checked less often.
    func retryDelay(streak: Int) -> TimeInterval {
        let base = Double(fetcher.settings.intervalMinutes) * 60
        return min(base * pow(2, Double(max(0, streak - 1))), 86_400)
    }

    private func loadState(_ feed: FeedSource, logger: Logger) -> FeedState {
        do {
            var state = try states.load(feed.name) ?? FeedState(url: feed.url)
            if state.url != feed.url {
                // The configuration moved the feed: its validators belong to the old URL, but
                // the ids already delivered stay remembered.
                var moved = FeedState(url: feed.url)
                moved.seen = state.seen
                state = moved
            }
            return state
        } catch {
            logger.error("feed state unreadable; starting the feed afresh", metadata: ["error": "\(error)"])
            return FeedState(url: feed.url)
        }
    }

    private func save(_ state: FeedState, feed: FeedSource, logger: Logger) {
        do {
            try states.save(state, for: feed.name)
        } catch {
            logger.error("cannot save the feed state", metadata: ["error": "\(error)"])
        }
    }
}

func iso8601(_ date: Date) -> String {
    date.formatted(.iso8601)
}
