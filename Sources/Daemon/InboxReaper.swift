import Inbox
import Logging
import Synchronization

/// Returns abandoned claims to the ready items, logging what it did.
struct InboxReaper: Sendable {
    let inbox: any Inbox
    let logger: Logger
    /// The claimed items last reported as unopenable, so that a pass finding the same ones
    /// again does not repeat the warning.
    private let reported = Reported()

    private final class Reported: Sendable {
        let names = Mutex<Set<String>>([])
    }

    init(inbox: any Inbox, logger: Logger) {
        self.inbox = inbox
        self.logger = logger
    }

    /// - Throws: ``DaemonError`` when the inbox refuses work after a failed fsync.
    func run() throws(DaemonError) {
        do {
            let report = try inbox.recover()
            if report.requeued + report.dropped > 0 {
                logger.notice("inbox: returned abandoned items", metadata: [
                    "inbox.requeued": "\(report.requeued)", "inbox.dropped": "\(report.dropped)",
                ])
            }
            // As a set: the folder's listing order is no news.
            let unopenable = Set(report.unopenable)
            let changed = reported.names.withLock { names in
                defer { names = unopenable }
                return names != unopenable
            }
            if changed, let first = report.unopenable.first {
                logger.warning("inbox: claimed items cannot be opened; left in cur/ for an operator", metadata: [
                    "inbox.unopenable": "\(report.unopenable.count)", "inbox.first": "\(first)",
                ])
            }
        } catch where error.code == .broken {
            throw DaemonError(step: "recovering the inbox", message: "\(error)")
        } catch {
            logger.error("inbox recovery failed", metadata: ["error": "\(error)"])
        }
    }
}
