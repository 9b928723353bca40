import Config
import Foundation
import Logging
import ServiceLifecycle

/// Fetches each feed when it is due, until graceful shutdown.
///
/// A feed is due when its saved next-check time has passed: the normal interval after a
/// success, a growing delay after failures. Between rounds the service sleeps until the
/// earliest next check (at least a few seconds, at most one interval).
struct FetchService: Service {
    let cycle: FetchCycle
    let feeds: [FeedSource]
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let now = Date()
            let due = cycle.due(feeds, at: now)
            if !due.isEmpty {
                let report = await cycle.run(due)
                logger.info("fetch round done", metadata: [
                    "fetch.fetched": "\(report.fetched)", "fetch.unchanged": "\(report.unchanged)",
                    "fetch.failed": "\(report.failed)", "fetch.enqueued": "\(report.enqueued)",
                ])
                if let broken = report.broken { throw DaemonError(step: "enqueueing fetched items", message: broken) }
            }
            // Claims left behind by a worker that died (in this or another process) go back.
            try cycle.recoverInbox()
            let wake = cycle.nextCheck(feeds) ?? now.addingTimeInterval(Double(interval.components.seconds))
            let seconds = min(max(wake.timeIntervalSinceNow, 5), Double(interval.components.seconds))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
        }
    }
}
