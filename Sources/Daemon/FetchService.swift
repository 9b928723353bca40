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
/// check (at least a few seconds, at most the longest interval).
struct FetchService: Service {
    let round: FetchRound
    let reaper: InboxReaper
    let feeds: [FeedSource]
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let now = Date()
            let due = round.due(feeds, at: now)
            if !due.isEmpty {
                let report = await round.run(due)
                logger.info("fetch round done", metadata: [
                    "fetch.feeds": "\(due.count)", "fetch.fetched": "\(report.fetched)",
                    "fetch.unchanged": "\(report.unchanged)", "fetch.failed": "\(report.failed)",
                    "fetch.rate_limited": "\(report.rateLimited)", "fetch.enqueued": "\(report.enqueued)",
                ])
                if let broken = report.broken { throw DaemonError(step: "enqueueing fetched items", message: broken) }
            }
            // Claims left behind by a worker that died (in this or another process) go back.
            try reaper.run()
            let longest = round.policy.maximum
            let wake = round.nextCheck(feeds) ?? now.addingTimeInterval(round.policy.minimum)
            let seconds = min(max(wake.timeIntervalSinceNow, 5), longest)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
        }
    }
}
