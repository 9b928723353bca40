import Durable
import Foundation
import Inbox
import Synchronization
import Testing
import TestSupport

@Suite("File inbox")
struct FileInboxTests {
    let root: String
    let inbox: FileInbox

    init() throws {
        root = ScratchFolder.path("inbox-tests")
        inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 3)
    }

    func item(_ id: String) -> InboxItem { InboxItem(id: id, payload: Array("payload of \(id)".utf8)) }

    @Test("an enqueued item is claimed once with its payload, then completed into its result")
    func enqueueClaimComplete() throws {
        #expect(try inbox.enqueue([item("a1"), item("b2")]).sorted() == ["a1", "b2"])
        #expect(try inbox.depths() == InboxDepths(ready: 2))

        let first = try #require(try inbox.claim())
        let second = try #require(try inbox.claim())
        #expect(try inbox.claim() == nil)
        #expect(Set([first.id, second.id]) == ["a1", "b2"])
        #expect(first.payload == Array("payload of \(first.id)".utf8))
        #expect(first.attempt == 1)
        #expect(try inbox.depths() == InboxDepths(claimed: 2))

        try inbox.complete(first, result: Array("result".utf8), bucket: "2026-01-02")
        #expect(inbox.hasResult(first.id, bucket: "2026-01-02"))
        let folder = root + "/classified/2026-01-02"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1 && files[0].hasSuffix(RecordFile.suffix), "one record file: \(files)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + files[0])))
        let records = RecordFile.parse(bytes)
        #expect(!records.damaged && records.entries.map(\.id) == [first.id])
        #expect(records.entries.first.map { Array(bytes[$0.range]) } == Array("result".utf8))
        #expect(try inbox.depths() == InboxDepths(claimed: 1))
    }

    @Test("a group claim takes up to its limit, each item once with its payload; an empty inbox gives none")
    func groupClaim() throws {
        _ = try inbox.enqueue((1...7).map { item("g\($0)") })
        let first = try inbox.claimAll(upTo: 5)
        let second = try inbox.claimAll(upTo: 5)
        #expect(first.count == 5 && second.count == 2)
        let all = first + second
        #expect(Set(all.map(\.id)) == Set((1...7).map { "g\($0)" }))
        #expect(all.allSatisfy { $0.payload == Array("payload of \($0.id)".utf8) && $0.attempt == 1 })
        #expect(try inbox.depths() == InboxDepths(claimed: 7))
        #expect(try inbox.claimAll(upTo: 5).isEmpty)
        try inbox.completeAll(all.map { Completion(claim: $0, result: Array("r".utf8), bucket: "2026-01-02") })
        #expect(try inbox.depths() == InboxDepths())
    }

    @Test("completed items wait in done/; a sweep deletes all but the reserve kept for reuse; a backlog past its bound sweeps itself")
    func finishedItemsAreSwept() throws {
        let files = FileManager.default
        let inbox = try FileInbox(
            directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 3, reuseReserve: 2)
        _ = try inbox.enqueue((1...6).map { item("s\($0)") })
        let claims = try inbox.claimAll(upTo: 6)
        try inbox.completeAll(claims.prefix(4).map { Completion(claim: $0, result: [1], bucket: "2026-01-02") })
        #expect(try files.contentsOfDirectory(atPath: root + "/inbox/done").count == 4)
        #expect(try inbox.depths() == InboxDepths(claimed: 2))
        #expect(try inbox.sweep() == 2)
        #expect(try files.contentsOfDirectory(atPath: root + "/inbox/done").count == 2, "the reserve stays")
        #expect(try inbox.sweep() == 0)

        let eager = try FileInbox(
            directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 3, sweepBacklog: 1,
            reuseReserve: 0)
        try eager.completeAll(claims.suffix(2).map { Completion(claim: $0, result: [1], bucket: "2026-01-02") })
        #expect(try files.contentsOfDirectory(atPath: root + "/inbox/done").isEmpty, "2 set aside > 1 sweeps at once")
        #expect((1...6).allSatisfy { inbox.hasResult("s\($0)", bucket: "2026-01-02") })
    }

    @Test("enqueue overwrites a finished item's file instead of creating one: same inode, exactly the new payload")
    func finishedFilesAreReused() throws {
        let long = InboxItem(id: "long", payload: Array(repeating: UInt8(ascii: "L"), count: 3000))
        _ = try inbox.enqueue([long])
        try inbox.complete(try #require(try inbox.claim()), result: [1], bucket: "d")
        let finished = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done")
        #expect(finished.count == 1)
        let old = try inode(root + "/inbox/done/" + finished[0])

        #expect(try inbox.enqueue([item("short")]) == ["short"])
        #expect(try inode(root + "/inbox/new/short") == old, "the finished file was taken over")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/tmp").isEmpty)
        let claim = try #require(try inbox.claim())
        #expect(claim.payload == Array("payload of short".utf8), "cut to the new length, nothing of the old left")
    }

    @Test("a finished file taken over is no longer locked while it is rewritten, so no copy of its descriptor can hold it")
    func reusedFilesAreUnlocked() throws {
        _ = try finishedFile("first")
        // At the moment the old file is rewritten, as a child process forked then would see it.
        let probe = LockProbe()
        let accepted = try FileChange.$recorder.withValue(probe) { try inbox.enqueue([item("second")]) }
        #expect(accepted == ["second"])
        #expect(probe.results.withLock { $0 } == [true], "one file rewritten, and free to lock while it was")
        #expect(try inbox.claim()?.id == "second")
    }

    @Test("a finished file hours old, taken over for reuse, is not removed as stale by a recovery that runs meanwhile")
    func reusedFilesDoNotLookStale() throws {
        let finished = try finishedFile("old")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: finished)
        // Another process starting on this inbox clears tmp/ just after the file was moved there.
        let recovery = StaleSweepOnReuse(tmp: root + "/inbox/tmp", done: root + "/inbox/done")
        let accepted = try FileChange.$recorder.withValue(recovery) { try inbox.enqueue([item("new")]) }
        #expect(recovery.sweeps.withLock { $0 } == 1, "the recovery ran while the file was staged")
        #expect(accepted == ["new"])
        #expect(try inbox.claim()?.payload == Array("payload of new".utf8))
    }

    @Test("a finished file that also has a name in new/ (a power cut between two folders' writes) is never reused")
    func twoNamedFilesAreNotReused() throws {
        let finished = try finishedFile("a")
        // The state a power cut can leave without a journal: the old name in done/ came back,
        // the file meanwhile became the ready item "y".
        try #require(link(finished, root + "/inbox/new/y") == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/inbox/new/y"))
        #expect(try inbox.enqueue([item("z")]) == ["z"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/inbox/new/y")) == before, "y was not written over")
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/inbox/new/z")) == Data("payload of z".utf8))
    }

    @Test("items found queued already, ready or claimed, have their folder fsynced before enqueue returns")
    func foundItemsAreMadeDurable() throws {
        // "c" claimed; "r" as another process leaves it between its rename and its fsync.
        _ = try inbox.enqueue([item("c")])
        let claim = try #require(try inbox.claim())
        try #require(claim.id == "c")
        try #require(FileManager.default.createFile(atPath: root + "/inbox/new/r", contents: Data("payload of r".utf8)))
        let changes = ChangeLog()
        let accepted = try FileChange.$recorder.withValue(changes) { try inbox.enqueue([item("r"), item("c")]) }
        #expect(accepted == [])
        let synced = changes.list.withLock { $0 }.compactMap { change -> String? in
            if case .syncedFolder(let path) = change { return path }
            return nil
        }
        #expect(synced.contains(root + "/inbox/new"), "the ready item's folder")
        #expect(synced.contains(root + "/inbox/cur"), "the claimed item's folder")
        _ = claim
    }

    final class ChangeLog: FileChangeRecorder {
        let list = Mutex<[FileChange]>([])
        func record(_ change: FileChange) { list.withLock { $0.append(change) } }
    }

    /// Runs the stale-file removal of another process's recovery on `tmp/` when a finished file is
    /// moved there for reuse.
    final class StaleSweepOnReuse: FileChangeRecorder {
        let tmp: String
        let done: String
        let sweeps = Mutex(0)

        init(tmp: String, done: String) {
            self.tmp = tmp
            self.done = done
        }

        func record(_ change: FileChange) {
            guard case .renamed(let folder, _, let target, _, _) = change, folder == done, target == tmp,
                  let directory = try? Directory(path: tmp)
            else { return }
            DurableFile.removeStaleTemporaries(in: directory, olderThan: 3600, now: Date().timeIntervalSince1970)
            sweeps.withLock { $0 += 1 }
        }
    }

    /// Queues, claims and completes `id`, the inbox's only item; returns the path of its file in `done/`.
    private func finishedFile(_ id: String) throws -> String {
        _ = try inbox.enqueue([item(id)])
        try inbox.complete(try #require(try inbox.claim()), result: [1], bucket: "d")
        let finished = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done")
        try #require(finished.count == 1)
        return root + "/inbox/done/" + finished[0]
    }

    /// On each rewritten file, tries to lock it as another process would, and lets go at once.
    final class LockProbe: FileChangeRecorder {
        let results = Mutex<[Bool]>([])

        func record(_ change: FileChange) {
            guard case .rewritten(let folder, let name, _) = change else { return }
            let fd = open(folder + "/" + name, O_RDWR | O_CLOEXEC)
            let free = fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0
            if fd >= 0 { flock(fd, LOCK_UN); close(fd) }
            results.withLock { $0.append(free) }
        }
    }

    private func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    @Test("a finished file still locked by someone is not reused; a new file is created instead")
    func lockedFilesAreNotReused() throws {
        _ = try inbox.enqueue([item("held")])
        let claim = try #require(try inbox.claim())
        try inbox.complete(claim, result: [1], bucket: "d")
        let finished = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done")
        #expect(finished.count == 1)
        // Another holder of the file's lock (a worker between its move and its unlock).
        let fd = open(root + "/inbox/done/" + finished[0], O_RDWR | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(try inbox.enqueue([item("next")]) == ["next"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done") == finished)
        let next = try #require(try inbox.claim())
        #expect(next.payload == Array("payload of next".utf8))
    }

    @Test("completion frees the finished file at once, though the claim object lives on")
    func completedClaimsDoNotHoldTheirFiles() throws {
        _ = try inbox.enqueue([item("kept")])
        let claim = try #require(try inbox.claim())
        try withExtendedLifetime(claim) {
            try inbox.complete(claim, result: [1], bucket: "d")
            let finished = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/done")
            let old = try inode(root + "/inbox/done/" + finished[0])
            #expect(try inbox.enqueue([item("next")]) == ["next"])
            #expect(try inode(root + "/inbox/new/next") == old, "the finished file was taken over")
        }
    }

    @Test("a second delivery of a queued id does not create a second item")
    func duplicateDeliveryIgnored() throws {
        #expect(try inbox.enqueue([item("same")]) == ["same"])
        #expect(try inbox.enqueue([item("same")]) == [])
        #expect(try inbox.depths().ready == 1)
    }

    @Test("completing the same id twice stores a second record, and the first is the one that counts")
    func resultsExactlyOnce() throws {
        _ = try inbox.enqueue([item("x")])
        let claim = try #require(try inbox.claim())
        try inbox.complete(claim, result: Array("first".utf8), bucket: "d")
        _ = try inbox.enqueue([item("x")])
        let again = try #require(try inbox.claim())
        try inbox.complete(again, result: Array("second".utf8), bucket: "d")
        #expect(try inbox.result("x", bucket: "d") == Array("first".utf8))
        #expect(try records(in: "d").map(\.id) == ["x", "x"], "both written, in order")
    }

    @Test("a batch completes across buckets at once, one record file per bucket; an earlier one-record file wins")
    func completeAllIsExactlyOnce() throws {
        _ = try inbox.enqueue((1...6).map { item("i\($0)") })
        var claims: [Claim] = []
        while let claim = try inbox.claim() { claims.append(claim) }
        #expect(claims.count == 6)
        // i3 was stored earlier by a release that wrote a file per result, and its worker died
        // before retiring the claim.
        try FileManager.default.createDirectory(atPath: root + "/classified/b", withIntermediateDirectories: true)
        try "earlier".write(toFile: root + "/classified/b/i3.json", atomically: true, encoding: .utf8)

        try inbox.completeAll(claims.map { claim in
            let bucket = Int(claim.id.dropFirst())! % 2 == 0 ? "a" : "b"
            return Completion(claim: claim, result: Array("result of \(claim.id)".utf8), bucket: bucket)
        })
        #expect(try inbox.depths() == InboxDepths())
        #expect(try records(in: "a").map(\.id).sorted() == ["i2", "i4", "i6"])
        #expect(try records(in: "b").map(\.id).sorted() == ["i1", "i3", "i5"])
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/classified/b").sorted()
        #expect(names.count == 2 && names.contains("i3.json") && names.filter { $0.hasSuffix(RecordFile.suffix) }.count == 1,
            "one record file and the older file, no staging file left behind: \(names)")
        #expect(try inbox.result("i3", bucket: "b") == Array("earlier".utf8))
        #expect(try inbox.result("i4", bucket: "a") == Array("result of i4".utf8))
        #expect(try inbox.result("i4", bucket: "b") == nil)
    }

    /// The records of every record file in `bucket`, files in name order.
    private func records(in bucket: String) throws -> [(id: String, bytes: [UInt8])] {
        let folder = root + "/classified/" + bucket
        var found: [(id: String, bytes: [UInt8])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        where name.hasSuffix(RecordFile.suffix) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let file = RecordFile.parse(bytes)
            #expect(!file.damaged, "\(name) parses")
            found += file.entries.map { ($0.id, Array(bytes[$0.range])) }
        }
        return found
    }

    @Test("draining many ready items from one listing claims each exactly once; a later item is still found", .offPool)
    func claimsReuseOneListing() throws {
        _ = try inbox.enqueue((1...200).map { item("n\($0)") })
        var seen = Set<String>()
        while let claim = try inbox.claim() {
            #expect(seen.insert(claim.id).inserted, "claimed twice: \(claim.id)")
            try inbox.complete(claim, result: [], bucket: "d")
        }
        #expect(seen.count == 200)
        // An item queued after the listing is still found once the listing runs out.
        _ = try inbox.enqueue([item("late")])
        #expect(try inbox.claim()?.id == "late")
    }

    @Test("recovery removes result staging files left by a killed worker, once they are an hour old")
    func staleResultTemporaries() throws {
        let bucket = root + "/classified/2026-01-01"
        try FileManager.default.createDirectory(atPath: bucket, withIntermediateDirectories: true)
        for name in [".old.json.1.2.tmp", ".new.json.1.3.tmp", "kept.json"] {
            try "x".write(toFile: bucket + "/" + name, atomically: false, encoding: .utf8)
        }
        let twoHoursAgo = Date().addingTimeInterval(-7200)
        try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: bucket + "/.old.json.1.2.tmp")
        _ = try inbox.recover()
        let left = try FileManager.default.contentsOfDirectory(atPath: bucket).sorted()
        #expect(left == [".new.json.1.3.tmp", "kept.json"])
    }

    @Test("recovery reports a claimed entry it cannot open, and leaves it where it is")
    func unopenableClaims() throws {
        _ = try inbox.enqueue([item("fine")])
        let claim = try #require(try inbox.claim())
        // A folder in cur/ cannot be opened as a file, even by root (permissions would not stop root).
        try FileManager.default.createDirectory(atPath: root + "/inbox/cur/stray", withIntermediateDirectories: false)
        let report = try inbox.recover()
        #expect(report.unopenable.count == 1)
        #expect(report.unopenable.first?.hasPrefix("stray: ") == true, "\(report.unopenable)")
        #expect(report.requeued == 0, "the live claim is left alone")
        #expect(FileManager.default.fileExists(atPath: root + "/inbox/cur/stray"))
        try inbox.complete(claim, result: [], bucket: "d")
        #expect(try inbox.recover().unopenable.count == 1, "reported again on every pass, until an operator acts")
    }

    @Test("a failed item is retried with its attempt counted, then dead-lettered with the reason")
    func retriesThenDeadLetter() throws {
        _ = try inbox.enqueue([item("poison")])
        for attempt in 1...3 {
            let claim = try #require(try inbox.claim())
            #expect(claim.attempt == attempt)
            try inbox.fail(claim, reason: "bad payload", permanent: false)
        }
        #expect(try inbox.claim() == nil)
        #expect(try inbox.depths() == InboxDepths(dead: 1))
        let report = try String(contentsOfFile: root + "/inbox/dead/poison.err", encoding: .utf8)
        #expect(report.contains("reason: bad payload"))
        #expect(report.contains("attempts: 3"))
    }

    @Test("a permanent failure goes straight to the dead letters")
    func permanentFailure() throws {
        _ = try inbox.enqueue([item("p")])
        try inbox.fail(try #require(try inbox.claim()), reason: "not JSON", permanent: true)
        #expect(try inbox.depths() == InboxDepths(dead: 1))
    }

    @Test("recovery leaves live claims alone and returns abandoned ones")
    func recoveryReturnsOnlyAbandonedClaims() throws {
        _ = try inbox.enqueue([item("live"), item("gone")])
        var claims = [try #require(try inbox.claim()), try #require(try inbox.claim())]
        #expect(try inbox.recover() == InboxRecovery())  // both holders alive

        // Dropping a claim closes its descriptor, which releases the lock as a crash would.
        let abandoned = claims.removeLast().id
        let report = try inbox.recover()
        #expect(report.requeued == 1)
        let again = try #require(try inbox.claim())
        #expect(again.id == abandoned)
        #expect(again.attempt == 2)
        _ = claims
    }

    @Test("concurrent workers never claim the same item twice")
    func concurrentClaims() async throws {
        let ids = (0..<200).map { "item\($0)" }
        _ = try inbox.enqueue(ids.map(item))
        let inbox = self.inbox
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mine: [String] = []
                    while let claim = try inbox.claim() {
                        mine.append(claim.id)
                        try inbox.complete(claim, result: [], bucket: "b")
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == ids.count)
        #expect(Set(claimed) == Set(ids))
    }

    @Test("invalid ids are refused before anything is written")
    func invalidID() throws {
        #expect(throws: InboxError.self) { try inbox.enqueue([InboxItem(id: "../escape", payload: [])]) }
        #expect(try inbox.depths() == InboxDepths())
    }
}

@Suite("File inbox: duplicates, releases and limits")
struct FileInboxEdgeTests {
    let root: String
    let inbox: FileInbox

    init() throws {
        root = ScratchFolder.path("inbox-edge")
        inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 2)
    }

    func item(_ id: String) -> InboxItem { InboxItem(id: id, payload: Array(id.utf8)) }

    @Test("an item delivered again while claimed, retried or dead is not queued a second time")
    func redeliveryInAnyState() throws {
        _ = try inbox.enqueue([item("claimed"), item("retried"), item("dead")])
        var held: [Claim] = []
        while let claim = try inbox.claim() { held.append(claim) }
        for claim in held where claim.id == "retried" { try inbox.fail(claim, reason: "once", permanent: false) }
        for claim in held where claim.id == "dead" { try inbox.fail(claim, reason: "bad", permanent: true) }
        #expect(try inbox.enqueue([item("claimed"), item("retried"), item("dead")]) == [])
        #expect(try inbox.depths() == InboxDepths(ready: 1, claimed: 1, dead: 1))
        _ = held
    }

    @Test("a release puts the item back without counting the attempt")
    func releaseKeepsAttempts() throws {
        _ = try inbox.enqueue([item("r")])
        try inbox.release(try #require(try inbox.claim()))
        try inbox.release(try #require(try inbox.claim()))
        let claim = try #require(try inbox.claim())
        #expect(claim.attempt == 1)
    }

    @Test("an item whose worker died at every attempt ends in the dead letters when claimed once more")
    func crashLoopBounded() throws {
        _ = try inbox.enqueue([item("poison")])
        for _ in 0..<2 {
            // Claim and drop without finishing, as a crashing worker would; recovery returns it.
            _ = try #require(try inbox.claim())
            _ = try inbox.recover()
        }
        #expect(try inbox.claim() == nil)
        #expect(try inbox.depths() == InboxDepths(dead: 1))
        let report = try String(contentsOfFile: root + "/inbox/dead/poison.err", encoding: .utf8)
        #expect(report.contains("gave up after 2 attempts"))
    }

    @Test("enqueueing duplicates leaves no staging file behind")
    func noStagingLeak() throws {
        _ = try inbox.enqueue([item("a")])
        _ = try inbox.enqueue([item("a"), item("b"), item("b")])
        #expect(try inbox.depths() == InboxDepths(ready: 2))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/tmp") == [])
    }
}
