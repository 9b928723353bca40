import Dispatch
import Foundation
import Logging

/// Ends the process at once when SIGTERM or SIGINT comes a second time.
///
/// The first signal starts the graceful drain, which can take as long as the slowest fetch in
/// flight. An operator who presses Ctrl-C twice, or a supervisor that signals again, wants the
/// process gone now. Nothing is lost by that: every queue step is durable before it is
/// acknowledged, a claim's lock dies with the process and the next start returns the item, and
/// the digests are rebuilt from the classified records. The exit status is 128 plus the signal
/// number, as a shell reports a process killed by it.
///
/// It listens beside swift-service-lifecycle's own handlers (a dispatch source per signal; the
/// group keeps the signals' default action off), and is torn down when the drain ends.
final class SecondSignal {
    private let sources: [any DispatchSourceSignal]

    init(logger: Logger) {
        let counter = Counter()
        let queue = DispatchQueue(label: "brinkwatch.second-signal")
        sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard counter.next() >= 2 else { return }
                logger.warning("second signal: exiting at once; the next start recovers the queue",
                               metadata: ["signal": "\(number)"])
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Stops listening; the process goes back to the lifecycle's handling alone.
    func cancel() {
        for source in sources { source.cancel() }
    }

    /// Signals seen so far; touched only on the serial queue of the sources.
    private final class Counter: @unchecked Sendable {
        private var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }
}
