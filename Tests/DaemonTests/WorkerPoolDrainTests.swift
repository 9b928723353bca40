import Classifier
@testable import Daemon
import Digest
import Feed
@testable import Fetcher
import Foundation
import Inbox
import InMemoryLogging
import Logging
import Synchronization
import Testing
import TestSupport

/// The workers that `run --once` runs beside its fetch round: they must never stop the round,
/// and a passing storage fault must not end their part while the round still delivers.
@Suite("Worker pool beside a fetch round")
struct WorkerPoolDrainTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let root = ScratchFolder.path("pool-drain")

    /// A real inbox whose group claims fail as a disk fault would make them (which cannot be
    /// caused here): the first `troubles` with an I/O error, or every one as broken.
    final class FaultyInbox: ForwardingInbox {
        let real: any Inbox
        let faults: Mutex<(troubles: Int, broken: Bool)>

        init(_ real: FileInbox, troubles: Int = 0, broken: Bool = false) {
            self.real = real
            faults = Mutex((troubles, broken))
        }

        func claimAll(upTo limit: Int) throws(InboxError) -> [Claim] {
            let fault = faults.withLock { faults -> InboxError? in
                if faults.broken { return InboxError(code: .broken, message: "a failed fsync (simulated)") }
                guard faults.troubles > 0 else { return nil }
                faults.troubles -= 1
                return InboxError(code: .io, message: "a passing I/O error (simulated)")
            }
            if let fault { throw fault }
            return try real.claimAll(upTo: limit)
        }
    }

    static func pool(
        _ inbox: any Inbox, workers: Int, diskSpace: DiskSpaceAlarm? = nil,
        completed: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> WorkerPool {
        let knowledge = try Knowledge.load(directory: URL(fileURLWithPath: Self.repository + "/config/classifier"))
        let logger = Logger(label: "test") { _ in InMemoryLogHandler() }
        var pool = WorkerPool(
            inbox: inbox,
            processor: ItemProcessor(
                inbox: inbox, classifier: Reloadable(Classifier(knowledge: knowledge, focus: [])),
                calendar: DigestCalendar(timeZone: TimeZone(identifier: "UTC")!, graceHours: 6), logger: logger,
                diskSpace: diskSpace),
            workers: workers, logger: logger, doorbell: Doorbell(), completed: completed)
        pool.troublePause = .milliseconds(50)
        return pool
    }

    /// Items as the fetcher writes them.
    static func items(_ range: Range<Int>) -> [InboxItem] {
        range.map { index in
            let id = String(format: "%032x", index)
            let item = FeedItem(id: id, feed: "wire", idRule: .guid, title: "Envoy arrives for talks, report \(index)")
            let envelope = InboxEnvelope(
                feedTitle: "Wire", firstSeen: Date(), item: item,
                provenance: .init(requestedURL: "http://127.0.0.1/f", effectiveURL: "http://127.0.0.1/f", status: 200,
                                  fetchedAt: Date(), bodySHA256: "", format: "rss20", parser: "test"))
            return InboxItem(id: id, payload: envelope.encoded())
        }
    }

    @Test("a broken inbox stops the workers, not the round beside them; both the round's report and the reason come back")
    func brokenInboxLeavesTheRoundAlone() async throws {
        let real = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let pool = try Self.pool(FaultyInbox(real, broken: true), workers: 2)
        let drained = await pool.drain(alongside: { () async -> Bool in
            try? await Task.sleep(for: .milliseconds(300))
            return Task.isCancelled
        })
        #expect(drained.result == false, "the round ran to its end, not cancelled")
        #expect(drained.broken?.contains("a failed fsync") == true)
        #expect(drained.completed == 0)
    }

    @Test("storage trouble while the round runs: the one worker pauses and tries again, and every item is completed")
    func troubleWhileTheRoundRuns() async throws {
        let real = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let faulty = FaultyInbox(real, troubles: 3)
        let pool = try Self.pool(faulty, workers: 1)
        let drained = await pool.drain(alongside: { () async -> Int in
            let first = (try? real.enqueue(Self.items(0..<5)))?.count ?? 0
            // The round goes on until the worker, past its three failed claims, has finished the
            // first five (at most 30 s): a worker that gave up at its first trouble never does.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let past = faulty.faults.withLock { $0.troubles == 0 }
                if past, (try? real.depths()) == InboxDepths() { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            let second = (try? real.enqueue(Self.items(5..<10)))?.count ?? 0
            return first + second
        })
        #expect(drained.result == 10)
        #expect(drained.broken == nil)
        #expect(drained.completed == 10, "the worker kept going after its claims failed")
        #expect(try real.depths() == InboxDepths())
    }
}
