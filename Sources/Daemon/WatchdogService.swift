import Logging
import ServiceLifecycle

/// Sends `WATCHDOG=1` every half of `$WATCHDOG_USEC`, as long as every loop of the daemon is
/// making progress (``Liveness``).
///
/// If the process hangs, its tasks are starved, or one loop stops beating, the pings stop and
/// systemd restarts the service. Run it only when a watchdog was asked for: a service that
/// returns early makes the group shut down.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let liveness: Liveness
    let logger: Logger

    func run() async throws {
        guard let interval = notifier.watchdogInterval else { return }
        var reported: [String] = []
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let stalled = liveness.stalled()
            if stalled.isEmpty {
                notifier.notify(["WATCHDOG=1"])
            } else if stalled != reported {
                logger.critical("no progress; withholding the watchdog ping so that systemd restarts the service",
                                metadata: ["stalled": "\(stalled.joined(separator: ","))"])
            }
            reported = stalled
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
