import Logging
import Synchronization

/// Which of the daemon's loops are still making progress, for the systemd watchdog.
///
/// A ping sent from a timer of its own proves only that the process runs; a fetch loop stuck
/// on a lost continuation, or a worker wedged on a lock, would go unnoticed. So each loop
/// beats as it makes progress (the fetcher after every feed and at least once a minute while
/// it waits, each worker after every batch and every idle check), and ``WatchdogService``
/// withholds the ping once any loop has been silent for longer than ``limit``; systemd then
/// restarts the service, and the queue's recovery takes over.
final class Liveness: Sendable {
    /// How long a loop may go without a beat; well above its longest legitimate silence
    /// (a fetch is bounded by its timeout, a worker's idle check by 30 s).
    let limit: Duration
    private let beats = Mutex<[String: ContinuousClock.Instant]>([:])

    init(limit: Duration = .seconds(300)) {
        self.limit = limit
    }

    /// `loop` made progress now.
    func beat(_ loop: String) {
        let now = ContinuousClock.now
        beats.withLock { $0[loop] = now }
    }

    /// `loop` ended on purpose (a drain): it is no longer watched.
    func end(_ loop: String) {
        _ = beats.withLock { $0.removeValue(forKey: loop) }
    }

    /// The loops silent for longer than ``limit`` at `now`, by name.
    func stalled(at now: ContinuousClock.Instant = .now) -> [String] {
        beats.withLock { beats in beats.filter { now - $0.value > limit }.map(\.key).sorted() }
    }
}
