import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the daemon's configuration and knowledge on each SIGHUP (`systemctl reload`).
///
/// systemd hears `RELOADING=1` before and `READY=1` after, whatever the outcome: a refused
/// reload leaves the old configuration running, which is a ready service, with one error line
/// in the log saying why.
struct ReloadService: Service {
    let daemon: Daemon
    let notifier: SystemdNotifier
    /// Trapped before any service starts, so that no SIGHUP after `READY=1` can kill the process.
    let hangups: UnixSignalsSequence

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                reloadOnce()
            }
        }
    }

    private func reloadOnce() {
        let logger = daemon.logger
        let reloading = ["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"]
        notifier.notify(reloading, patience: SystemdNotifier.stateChangePatience)
        defer {
            let status = Daemon.statusLine(daemon.configuration, storage: daemon.storage)
            notifier.notify(["READY=1", "STATUS=" + status], patience: SystemdNotifier.stateChangePatience)
        }
        do {
            let report = try daemon.reload()
            logger.notice("configuration reloaded", metadata: [
                "config": "\(daemon.configuration.file)", "feeds": "\(daemon.configuration.feeds.count)",
                "feeds.added": "\(report.added.joined(separator: ","))",
                "feeds.removed": "\(report.removed.joined(separator: ","))",
            ])
            if !report.needRestart.isEmpty {
                logger.warning("changed settings take effect at the next restart", metadata: [
                    "settings": "\(report.needRestart.joined(separator: ","))",
                ])
            }
        } catch {
            logger.error("reload refused; the running configuration stays in force", metadata: [
                "error": "\(error)",
            ])
        }
    }

    /// CLOCK_MONOTONIC in microseconds, which systemd pairs with `RELOADING=1`.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
