import Foundation
import Inbox
import Testing
import TestSupport

/// The queue protocol against power cuts at every point of a run: each workload is recorded on
/// a real inbox, every state the fsync rules allow after each prefix of its file changes is
/// written out as real files, and an inbox opened on it must recover with nothing lost, nothing
/// doubled and nothing torn visible (``CrashStateBuilder`` gives the rules).
@Suite("File inbox: crash states", .serialized, .offPool)
struct CrashStateTests {
    /// What one run checked.
    struct Coverage {
        var crashPoints = 0
        var states = 0
        var problems: [String] = []
    }

    /// A state is checked once for each set of promises it must keep.
    private struct Checked: Hashable {
        var state: DiskState
        var promises: Promises
    }

    static func check(_ workload: CrashWorkload) -> Coverage {
        var coverage = Coverage()
        var builder = CrashStateBuilder(root: workload.root)
        var promises = Promises()
        var checked = Set<Checked>()
        let checker = CrashStateChecker(offered: workload.offered, poison: workload.poison)
        let steps = workload.trace.steps
        for point in 0...steps.count {
            if point > 0 {
                switch steps[point - 1] {
                case .change(let change): builder.apply(change)
                case .acknowledged(let promise): promises.add(promise)
                }
            }
            coverage.crashPoints += 1
            for state in builder.crashStates() {
                guard checked.insert(Checked(state: state, promises: promises)).inserted else { continue }
                coverage.states += 1
                var problems = checker.checkVisible(state, promises)
                let base = CrashWorkload.scratch + "/crash-state-\(UUID().uuidString)"
                do {
                    try CrashStateChecker.materialise(state, at: base)
                    problems += checker.checkRecovery(at: base, promises)
                } catch {
                    problems.append("cannot write the state: \(error)")
                }
                try? FileManager.default.removeItem(atPath: base)
                if !problems.isEmpty {
                    let last = point == 0 ? "nothing" : "\(steps[point - 1])"
                    coverage.problems.append(
                        "crash after step \(point) (\(last)), on disk \(summary(state)): "
                            + problems.joined(separator: "; "))
                }
            }
        }
        print("crash states: \(coverage.crashPoints) crash points, \(coverage.states) states checked")
        return coverage
    }

    private static func summary(_ state: DiskState) -> String {
        state.files.keys.sorted().map { "\($0) (\(state.files[$0]!.count) B)" }.joined(separator: ", ")
    }

    @Test("enqueue batches, duplicate deliveries, claims and group completions survive a crash anywhere")
    func enqueueClaimComplete() throws {
        let workload = try CrashWorkload()
        try workload.start()
        try workload.enqueue(["a1", "b2", "c3", "d4"])
        try workload.enqueue(["c3", "e5"])
        var claims = try workload.claimAll()
        #expect(claims.count == 5)
        let first = claims.removeValue(forKey: "a1")
        try workload.complete([try #require(first)])
        try workload.complete(Array(claims.values))
        // Dropping the claims closes their descriptors: the finished files can be reused.
        claims = [:]
        try workload.enqueue(["f6"])
        // One item alone takes the single-file path (an fsync of the file, not of the file system).
        let last = try workload.claimAll()
        try workload.complete(Array(last.values))

        #expect(workload.trace.steps.contains { step in
            if case .change(.rewritten) = step { return true } else { return false }
        }, "f6 was written over a finished item's file")
        let coverage = CrashStateTests.check(workload)
        #expect(coverage.problems.isEmpty, "\(coverage.problems.count) bad states: \(coverage.problems.prefix(3))")
        #expect(coverage.crashPoints >= 80)
        #expect(coverage.states >= 180)
    }

    @Test("retries, releases, dead letters, requeues and recovered claims survive a crash anywhere")
    func failuresAndRecovery() throws {
        let workload = try CrashWorkload()
        try workload.start()
        try workload.enqueue(["p1", "r2", "s3", "t4"])
        var claims = try workload.claimAll()
        #expect(claims.count == 4)
        try workload.fail(try #require(claims["p1"]), permanent: true)
        try workload.fail(try #require(claims["r2"]), permanent: false)
        try workload.release(try #require(claims["t4"]))
        // Dropping the claims closes their descriptors: s3 is abandoned as if its worker died.
        claims = [:]
        #expect(try workload.recover().requeued == 1)
        try workload.requeueDead("p1")
        claims = try workload.claimAll()
        #expect(claims.count == 4)
        let poison = claims.removeValue(forKey: "p1")
        try workload.fail(try #require(poison), permanent: true)
        try workload.complete(Array(claims.values))
        try workload.enqueue(["u5", "v6"])

        let coverage = CrashStateTests.check(workload)
        #expect(coverage.problems.isEmpty, "\(coverage.problems.count) bad states: \(coverage.problems.prefix(3))")
        #expect(coverage.crashPoints >= 90)
        #expect(coverage.states >= 180)
    }
}
