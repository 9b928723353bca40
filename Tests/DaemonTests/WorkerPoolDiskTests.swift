@testable import Daemon
@testable import Fetcher
import Foundation
import Inbox
import InMemoryLogging
import Logging
import Testing
import TestSupport

/// Workers and a full disk: while the inbox's file system has less room than the alarm asks
/// for, they take no claim (whose results could not be stored, and whose attempt a worker's
/// death would use up); once there is room, they work through the queue.
@Suite("Worker pool on a full disk", .offPool)
struct WorkerPoolDiskTests {
    let root = ScratchFolder.path("pool-disk")

    @Test("below the alarm's room no item is claimed and one error line says why; with room every item is done")
    func noClaimsWithoutRoom() async throws {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        _ = try inbox.enqueue(WorkerPoolDrainTests.items(0..<40))
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        // This disk as it is, held to a room no disk has: the file system stands in for a full one.
        let full = DiskSpaceAlarm(path: root + "/inbox", logger: logger, minimumBytes: .max)
        var pool = try WorkerPoolDrainTests.pool(inbox, workers: 2, diskSpace: full)
        pool.troublePause = .milliseconds(100)
        let paused = OffPool.task { [pool] in try await pool.run() }
        // The workers have looked once they said so; then they get a few more tries.
        #expect(await OffPool.waitUntil(timeout: 30) { logs.entries.contains { $0.level == .error } })
        try await Task.sleep(for: .milliseconds(500))
        paused.cancel()
        _ = try? await paused.value
        #expect(try inbox.depths().ready == 40, "not one claim in all those tries")
        #expect(try inbox.list(.ready, now: Date().timeIntervalSince1970).allSatisfy { $0.attempts == 0 },
                "no attempt used")
        let errors = logs.entries.filter { $0.level == .error }
        #expect(errors.count == 1, "one line, not one per try: \(errors.map(\.message))")
        #expect(errors.first?.message.description.hasPrefix("disk full") == true)

        let roomy = DiskSpaceAlarm(path: root + "/inbox", logger: logger, minimumBytes: 1)
        let working = try WorkerPoolDrainTests.pool(inbox, workers: 2, diskSpace: roomy)
        let drained = await working.drain(alongside: { 0 })
        #expect(drained.completed == 40)
    }
}
