import Inbox
import Logging

/// Returns abandoned claims to the ready items, logging what it did.
struct InboxReaper: Sendable {
    let inbox: any Inbox
    let logger: Logger

    /// - Throws: ``DaemonError`` when the inbox refuses work after a failed fsync.
    func run() throws(DaemonError) {
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
}
