@testable import Daemon
import Foundation
import InMemoryLogging
import Logging
import Synchronization
import TestSupport
import Testing

/// The watchdog pings only while every loop of the daemon makes progress.
@Suite("Watchdog and liveness")
struct WatchdogTests {
    @Test("a loop silent for longer than the limit is named as stalled; one that ended is not watched")
    func stalledLoops() {
        let liveness = Liveness(limit: .seconds(10))
        let start = ContinuousClock.now
        liveness.beat("fetch")
        liveness.beat("worker-1")
        #expect(liveness.stalled(at: start + .seconds(5)).isEmpty)
        #expect(liveness.stalled(at: start + .seconds(11)) == ["fetch", "worker-1"])
        liveness.end("worker-1")
        #expect(liveness.stalled(at: start + .seconds(11)) == ["fetch"])
    }

    @Test("pings flow while the loops beat, stop when one stalls, with one critical line naming it")
    func pingsStopWhenALoopStalls() async throws {
        let socket = try NotifySocket()
        // WATCHDOG_USEC of 200 ms: a ping every 100 ms.
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "200000"])
        let liveness = Liveness(limit: .seconds(2))
        let logs = InMemoryLogHandler()
        let service = WatchdogService(
            notifier: notifier, liveness: liveness, logger: Logger(label: "test") { _ in logs })
        // Beats come from a thread of their own, so that a busy test run cannot starve them:
        // the worker beats throughout, the fetch loop until told to fall silent.
        let fetchBeats = Atomic(true)
        let running = Atomic(true)
        Thread.detachNewThread {
            while running.load(ordering: .relaxed) {
                liveness.beat("worker-1")
                if fetchBeats.load(ordering: .relaxed) { liveness.beat("fetch") }
                usleep(50_000)
            }
        }
        defer { running.store(false, ordering: .relaxed) }
        let task = Task { try await service.run() }
        defer { task.cancel() }

        #expect(await OffPool.run { socket.waitFor("WATCHDOG=1", timeout: 60) } != nil, "pings while all beat")
        fetchBeats.store(false, ordering: .relaxed)
        #expect(await OffPool.waitUntil(timeout: 60) { liveness.stalled() == ["fetch"] })
        // Let the watchdog see it and any ping already on its way arrive; then none may come.
        #expect(await OffPool.waitUntil(timeout: 60) { logs.entries.contains { $0.level == .critical } })
        _ = await OffPool.run { while socket.receive(timeout: 0.3) != nil {} }
        let late = await OffPool.run { socket.receive(timeout: 1) }
        #expect(late == nil, "no ping once the fetch loop is stalled: \(late ?? "")")
        let critical = logs.entries.filter { $0.level == .critical }
        #expect(critical.count == 1, "\(critical.map(\.message))")
        #expect(critical.first?.metadata["stalled"]?.description == "fetch")
    }
}
