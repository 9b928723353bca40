#if PostgreSQL
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Calls `wake` whenever any daemon enqueues items on the database (`LISTEN brinkwatch_items`;
/// ``PostgresInbox`` notifies on every enqueue), so that idle workers everywhere start at once
/// instead of polling.
///
/// The listening connection is its own, on a thread of its own: when it drops (a restarted
/// server, a cut network) the thread waits a second and listens again, calling `wake` once
/// after each reconnection so that nothing enqueued meanwhile waits for the next notice.
public final class PostgresWakeups: Sendable {
    static let channel = "brinkwatch_items"

    private let link: PostgresLink
    private let wake: @Sendable () -> Void
    private let stopped = Atomic<Bool>(false)
    private let current = Mutex<PostgresConnection?>(nil)

    public init(link: PostgresLink, wake: @escaping @Sendable () -> Void) {
        self.link = link
        self.wake = wake
    }

    /// Starts listening on a thread of its own.
    public func start() {
        let thread = Thread { [self] in listenUntilStopped() }
        thread.name = "postgres-wakeups"
        thread.start()
    }

    /// Stops listening and closes the connection.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        if let connection = current.withLock({ $0 }) { _ = try? connection.close().wait() }
    }

    private func listenUntilStopped() {
        var failures = 0
        while !stopped.load(ordering: .relaxed) {
            do {
                let connection = try link.dedicatedConnection()
                current.withLock { $0 = connection }
                let wake = self.wake
                connection.addListener(channel: Self.channel) { _, _ in wake() }
                _ = try connection.query("LISTEN brinkwatch_items", logger: link.logger).wait()
                if failures > 0 {
                    link.logger.notice("listening for new items on PostgreSQL again")
                    wake()
                }
                failures = 0
                try? connection.closeFuture.wait()
            } catch {
                if failures == 0 {
                    link.logger.warning(
                        "cannot listen for new items on PostgreSQL; idle workers look every few seconds meanwhile",
                        metadata: ["error": "\(PostgresFailure(error, "listen failed"))"])
                }
                failures += 1
            }
            current.withLock { $0 = nil }
            if !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 1) }
        }
    }
}
#endif
