import Config
import Fetcher
import Foundation
import Inbox
import Logging
import ServiceLifecycle

/// Fetches each feed when it is due, until graceful shutdown.
///
/// A feed is due when its saved next-check time has passed (see ``SchedulePolicy``). Between
/// rounds the service returns abandoned claims to the inbox and sleeps until the earliest next
/// check (at least a few seconds, at most the longest interval), or until a reload rings `wake`.
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

    func run() async throws {
        var first = true
        defer { notifier.notify(["STOPPING=1"]) }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let now = Date()
            let feeds = feeds()
            let due = round.due(feeds, at: now)
            if first {
                // The inbox was recovered before the services started; now the schedule is known.
                notifier.notify(["READY=1", "STATUS=" + status()])
                first = false
            }
            if !due.isEmpty {
                let report = await round.run(due)
                logger.info("fetch round done", metadata: [
                    "fetch.feeds": "\(due.count)", "fetch.fetched": "\(report.fetched)",
                    "fetch.unchanged": "\(report.unchanged)", "fetch.failed": "\(report.failed)",
                    "fetch.rate_limited": "\(report.rateLimited)", "fetch.enqueued": "\(report.enqueued)",
                ])
                if let broken = report.broken { throw DaemonError(step: "enqueueing fetched items", message: broken) }
                notifier.notify(["STATUS=" + status()])
            }
            // Claims left behind by a worker that died (in this or another process) go back.
            try reaper.run()
            let longest = round.policy.maximum
            let next = round.nextCheck(feeds) ?? now.addingTimeInterval(round.policy.minimum)
            let seconds = min(max(next.timeIntervalSinceNow, 5), longest)
            await withGracefulShutdownHandler {
                await wake.wait(upTo: .seconds(seconds))
            } onGracefulShutdown: {
                wake.ring()
            }
        }
    }
}
