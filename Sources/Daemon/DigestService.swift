import CoreMetrics
import Foundation
import ServiceLifecycle

/// Rewrites dirty digests every few seconds, and once more on the way out.
///
/// A rebuild reads every record of the day, which for a busy day of tens of thousands of items
/// takes seconds. So it runs on a thread of its own (never holding one of the cooperative
/// pool's few threads, which the workers and the fetcher need), and the pause after it grows
/// with its cost: at least nine times as long as the last flush took, so that keeping today's
/// file current never takes more than a tenth of the time.
struct DigestService: Service {
    let publisher: DigestPublisher
    let period: Duration

    func run() async throws {
        var pause = period
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let wait = pause
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            let started = ContinuousClock.now
            await flushOnItsOwnThread()
            pause = max(period, (ContinuousClock.now - started) * 9)
        }
        await flushOnItsOwnThread()
    }

    private func flushOnItsOwnThread() async {
        let publisher = publisher
        // The metrics factory of this task (a test binds its own) goes along to the thread.
        let factory = MetricsSystem.factory
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                _ = withMetricsFactory(factory) { publisher.flush() }
                done.resume()
            }
            thread.name = "brinkwatch-digest"
            thread.start()
        }
    }
}
