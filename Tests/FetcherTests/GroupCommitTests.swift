@testable import Fetcher
import Foundation
import Inbox
import Synchronization
import Testing
import TestSupport

@Suite("Group commit")
struct GroupCommitTests {
    @Test("requests that arrive during a commit share the next one, and each gets its own answer")
    func batchesConcurrentRequests() async throws {
        let batches = Mutex<[[Int]]>([])
        let gate = Mutex<GroupCommit<Int, Int>?>(nil)
        let commit = GroupCommit<Int, Int> { requests in
            let first = batches.withLock { $0.append(requests); return $0.count == 1 }
            if first {
                // A slow first commit, like a sync of a busy disk: the other 19 queue meanwhile.
                let deadline = Date().addingTimeInterval(10)
                while gate.withLock({ $0?.waitingCount ?? 0 }) < 19, Date() < deadline { usleep(1_000) }
            }
            return requests.map { request in request < 0 ? .failure(CancellationError()) : .success(request * 2) }
        }
        gate.withLock { $0 = commit }
        let lone = Task { try await commit.submit(100).get() }
        while batches.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(1)) }
        let answers = await withTaskGroup(of: (Int, Int?).self) { group in
            for request in [-1] + Array(1...18) {
                group.addTask { (request, try? await commit.submit(request).get()) }
            }
            return await group.reduce(into: [Int: Int?]()) { $0[$1.0] = $1.1 }
        }
        #expect(try await lone.value == 200)
        #expect(answers.count == 19)
        for (request, answer) in answers { #expect(answer == (request < 0 ? nil : request * 2), "request \(request)") }
        #expect(batches.withLock { $0.map(\.count) } == [1, 19], "the 19 that queued during the first commit share one")
    }

    @Test("when a batch of feeds' items fails, each feed is tried alone: one bad feed fails only itself")
    func oneBadFeedFailsAlone() throws {
        let root = ScratchFolder.path("group-enqueue")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let good = (1...3).map { InboxItem(id: "good\($0)", payload: [1]) }
        let bad = [InboxItem(id: "../escape", payload: [2])]
        let outcomes = FetchRound.enqueue([Array(good.prefix(2)), bad, [good[2]]], into: inbox)
        #expect(try outcomes[0].get() == 2)
        #expect(throws: InboxError.self) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == 1)
        #expect(try inbox.depths().ready == 3)
    }
}
