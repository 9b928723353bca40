import Config
import Fetcher
import Foundation
import Inbox
import Logging
import ServiceLifecycle

/// Fetches each feed when it is due, until graceful shutdown.
///
/// A feed is due when its next-check time has passed (see ``SchedulePolicy``); the feeds wait in
/// a ``FeedSchedule`` heap, built from their saved states at start and after a reload changed the
/// feed list, and each fetched feed goes back at the time its fetch chose. Between
/// rounds the service returns abandoned claims to the inbox and sleeps until the earliest next
/// check (at least a few seconds, at most a minute, so that the watchdog sees it turn), or until
/// a reload rings `wake`.
struct FetchService: Service {
    let round: FetchRound
    let reaper: InboxReaper
    /// The feeds in force; read at every round, so that a reload adds and removes feeds.
    let feeds: @Sendable () -> [FeedSource]
    let wake: Doorbell
    let logger: Logger
    var notifier = SystemdNotifier(environment: [:])
    /// A one-line summary for systemd's `STATUS=`.
    var status: @Sendable () -> String = { "" }
    /// Told at every turn of the loop (and, through the round, after every feed).
    var liveness: Liveness?
    /// The longest pause between two reaper passes, when claims are leases that other daemons
    /// wait on (half the lease: a dead daemon's items come back soon after its leases run out).
    var reapEvery: Double?
    static let loopName = "fetch"
    /// The longest wait between two turns of the loop, so that it beats even when no feed is due
    /// for hours.
    static let longestWait: Double = 60

    func run() async throws {
        var first = true
        var schedule = FeedSchedule()
        var scheduled: [FeedSource]?
        defer { liveness?.end(Self.loopName) }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            liveness?.beat(Self.loopName)
            let feeds = feeds()
            if feeds != scheduled {
                schedule = FeedSchedule(feeds, round: round)
                scheduled = feeds
            }
            let now = Date()
            let due = schedule.popDue(at: now)
            if first {
                // The inbox was recovered before the services started; now the schedule is known.
                notifier.notify(["READY=1", "STATUS=" + status()], patience: SystemdNotifier.stateChangePatience)
                first = false
            }
            if !due.isEmpty {
                let report = await round.run(due, rechecking: true)
                logger.info("fetch round done", metadata: [
                    "fetch.feeds": "\(due.count)", "fetch.fetched": "\(report.fetched)",
                    "fetch.unchanged": "\(report.unchanged)", "fetch.failed": "\(report.failed)",
                    "fetch.rate_limited": "\(report.rateLimited)", "fetch.enqueued": "\(report.enqueued)",
                ])
                if let broken = report.broken { throw DaemonError(step: "enqueueing fetched items", message: broken) }
                notifier.notify(["STATUS=" + status()])
                let fallback = Date().addingTimeInterval(round.policy.minimum)
                let deferred = Set(report.deferred)
                // A feed deferred comes back soon, its own schedule untouched: in ten seconds while
                // the disk is full (deferring it again costs one statvfs, and fetching resumes
                // within seconds of space returning), in a minute when its state was out of reach.
                let retry = Date().addingTimeInterval(round.diskSpace?.isFull == true ? 10 : 60)
                for feed in due {
                    let next = deferred.contains(feed.name) ? retry : round.nextCheck(of: feed) ?? fallback
                    schedule.schedule(feed, at: next)
                }
            }
            // A stop asked for during the round ends the loop now, not after one more wait.
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            // Claims left behind by a worker that died (in this or another process) go back.
            try reaper.run()
            let longest = round.policy.maximum
            let next = schedule.next ?? now.addingTimeInterval(round.policy.minimum)
            let seconds = min(max(next.timeIntervalSinceNow, 5), longest, Self.longestWait, reapEvery ?? Self.longestWait)
            await withGracefulShutdownHandler {
                await wake.wait(upTo: .seconds(seconds))
            } onGracefulShutdown: {
                wake.ring()
            }
        }
    }
}
