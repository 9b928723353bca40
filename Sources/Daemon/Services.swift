import Config
import Foundation
import Logging
import ServiceLifecycle

/// Fetches the configured feeds every interval until graceful shutdown.
struct FetchService: Service {
    let cycle: FetchCycle
    let feeds: [FeedSource]
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let report = await cycle.run(feeds)
            logger.info("fetch cycle done", metadata: [
                "fetch.fetched": "\(report.fetched)", "fetch.unchanged": "\(report.unchanged)",
                "fetch.failed": "\(report.failed)", "fetch.enqueued": "\(report.enqueued)",
            ])
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Runs the worker pool until graceful shutdown.
struct WorkerService: Service {
    let pool: WorkerPool

    func run() async throws {
        await pool.run()
    }
}

/// Rewrites dirty digests every few seconds, and once more on the way out.
struct DigestService: Service {
    let publisher: DigestPublisher
    let period: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: period) }
            publisher.flush()
        }
        publisher.flush()
    }
}
