import ServiceLifecycle

/// Sends `WATCHDOG=1` every half of `$WATCHDOG_USEC` from a task on the daemon's own executor.
///
/// If the process hangs, or its tasks are starved (for instance, every thread blocked), the
/// pings stop and systemd restarts the service. Run it only when a watchdog was asked for: a
/// service that returns early makes the group shut down.
struct WatchdogService: Service {
    let notifier: SystemdNotifier

    func run() async throws {
        guard let interval = notifier.watchdogInterval else { return }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            notifier.notify(["WATCHDOG=1"])
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
