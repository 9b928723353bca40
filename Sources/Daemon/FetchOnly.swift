import Config
import Curl
import Fetcher
import Inbox
import Logging
import ServiceLifecycle

/// The fetcher alone, for `brinkwatch fetch`: feeds into the inbox, no classification.
///
/// Useful to fill an inbox that worker processes elsewhere drain, or to check the feeds.
public final class FetchOnly: Sendable {
    let round: FetchRound
    let reaper: InboxReaper
    let client: CurlClient
    let feeds: [FeedSource]
    let logger: Logger

    public init(configuration: Configuration, logger: Logger) throws(DaemonError) {
        let storage = try Storage.open(configuration)
        client = try Daemon.makeClient(configuration)
        round = Daemon.makeRound(
            configuration: configuration, client: client, storage: storage, logger: logger, doorbell: Doorbell())
        reaper = InboxReaper(inbox: storage.inbox, logger: logger)
        feeds = configuration.feeds
        self.logger = logger
    }

    deinit { client.shutdown() }

    /// One round over the feeds that are due, or over all of them.
    public func once(all: Bool) async -> FetchRound.Report {
        await round.run(all ? feeds : round.due(feeds, at: .now))
    }

    /// Fetches feeds as they come due until SIGTERM or SIGINT.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: FetchService(
                round: round, reaper: reaper, feeds: { [feeds] in feeds }, wake: Doorbell(), logger: logger))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }
}
