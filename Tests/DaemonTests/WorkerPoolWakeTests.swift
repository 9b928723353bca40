@testable import Daemon
import Foundation
import Inbox
import Synchronization
import Testing
import TestSupport

/// Idle workers of a running daemon sleep until there is work: the file inbox's watch wakes
/// them for items that another process queued, whom the in-process doorbell never hears of.
@Suite("Worker pool woken by the inbox's watch", .offPool)
struct WorkerPoolWakeTests {
    let root = ScratchFolder.path("pool-wake")

    @Test("idle workers with an hour's fallback take an item queued through another inbox object within seconds")
    func wokenByTheWatch() async throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let completed = Atomic(0)
        var pool = try WorkerPoolDrainTests.pool(inbox, workers: 2) { _ in completed.add(1, ordering: .relaxed) }
        pool.idleCheck = .seconds(3600)
        let doorbell = pool.doorbell
        let watch = try inbox.watchReady(wake: { doorbell.ring() })
        watch.start()
        defer { watch.stop() }
        let running = OffPool.task { [pool] in try await pool.run() }
        defer { running.cancel() }
        // The workers find the inbox empty and go to sleep for the hour.
        try await Task.sleep(for: .milliseconds(500))
        let other = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        _ = try other.enqueue(WorkerPoolDrainTests.items(0..<3))
        #expect(await OffPool.waitUntil(timeout: 10) { completed.load(ordering: .relaxed) == 3 },
                "woken by the watch, not by the hourly look")

        // The watch stopped, the same enqueue waits: it was the watch that woke them.
        watch.stop()
        try await Task.sleep(for: .milliseconds(300))
        _ = try other.enqueue(WorkerPoolDrainTests.items(3..<4))
        try await Task.sleep(for: .seconds(1))
        #expect(completed.load(ordering: .relaxed) == 3)
        #expect(try inbox.depths().ready == 1)
    }
}
