import Config
import Digest
import Fetcher
import Foundation
import Inbox
import Logging
import PostgresQueue

/// The queue, the classified records and the feed states a configuration names: files under
/// `[paths]` (the default), or tables on the PostgreSQL server of `[queue] url`, shared by every
/// daemon pointed at it. Digests are always files, written by each daemon from the records.
public struct Storage: Sendable {
    public let inbox: any Inbox
    public let records: any ClassifiedRecords
    public let feedStates: any FeedStates
    /// Starts calling its argument whenever any process or daemon sharing the queue enqueues
    /// items (inotify on the file inbox's ready folder, LISTEN on PostgreSQL), and returns what
    /// stops it. When it cannot start, it says so in one line of the log it is given, and the
    /// workers' slow fallback look is what finds such items.
    var wakeups: (@Sendable (Logger, @escaping @Sendable () -> Void) -> @Sendable () -> Void)? = nil

    /// Whether other daemons share this queue (and so the feed states).
    var isShared: Bool { feedStates.isShared }

    /// Opens what `configuration` names; a PostgreSQL server is connected to and its tables
    /// created or migrated.
    public static func open(_ configuration: Configuration) throws(DaemonError) -> Storage {
        switch configuration.queue.store {
        case .files:
            return try files(configuration)
        case .postgresql(let url):
            return try postgresql(url: url, configuration: configuration)
        }
    }

    static func files(_ configuration: Configuration) throws(DaemonError) -> Storage {
        let inbox: FileInbox
        do {
            inbox = try FileInbox(directory: configuration.paths.inbox, resultsDirectory: configuration.paths.classified)
        } catch {
            throw DaemonError(step: "opening the inbox", message: "\(error)")
        }
        return Storage(
            inbox: inbox, records: ClassifiedFiles(directory: configuration.paths.classified),
            feedStates: FeedStateStore(directory: configuration.paths.state),
            wakeups: { logger, wake in
                do {
                    let watch = try inbox.watchReady(wake: wake)
                    watch.start()
                    return { watch.stop() }
                } catch {
                    logger.warning(
                        "cannot watch the inbox; items queued by other processes wait for the workers' look every 30 s",
                        metadata: ["error": "\(error)"])
                    return {}
                }
            })
    }

    static func postgresql(url: String, configuration: Configuration) throws(DaemonError) -> Storage {
        #if PostgreSQL
        do {
            let link = try PostgresLink(settings: PostgresSettings(url: url))
            let inbox = try PostgresInbox(link: link, leaseSeconds: Double(configuration.queue.leaseSeconds))
            let results = PostgresResults(link: link)
            return Storage(
                inbox: inbox, records: results, feedStates: try PostgresFeedStates(link: link),
                wakeups: { _, wake in
                    let wakeups = PostgresWakeups(link: link, wake: wake)
                    wakeups.start()
                    return { wakeups.stop() }
                })
        } catch {
            throw DaemonError(step: "opening the queue on PostgreSQL", message: "\(error)")
        }
        #else
        throw DaemonError(
            step: "opening the queue on PostgreSQL",
            message: "this brinkwatch was built without PostgreSQL support; build it with "
                + "`swift build -c release --traits PostgreSQL`, or set [queue] store = \"files\"")
        #endif
    }
}
