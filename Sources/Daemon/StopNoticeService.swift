import ServiceLifecycle

/// Tells systemd `STOPPING=1` the moment a stop begins.
///
/// It is the last service of the group, and the group asks its services to stop in reverse
/// order: this one hears the stop first, before the fetch loop and the workers start draining,
/// so `systemctl status` shows the service deactivating for the whole drain.
struct StopNoticeService: Service {
    let notifier: SystemdNotifier

    func run() async throws {
        // Cancellation (a second signal, a service that failed) is a stop too.
        try? await gracefulShutdown()
        notifier.notify(["STOPPING=1"], patience: SystemdNotifier.stateChangePatience)
    }
}
