import Durable
import Foundation
import Inbox
import Synchronization

/// Measures the inbox's durable throughput against a one-fsync-per-item Maildir delivery, in one run on one
/// disk. Usage: `InboxBenchmark DIRECTORY [--items N] [--batch N] [--bytes N]`; DIRECTORY must be on the disk
/// the daemon would use (not a tmpfs, where fsync is free). Prints items/s for:
/// - enqueue: `FileInbox.enqueue` in batches of `--batch` (a fetch round delivers a feed's new items together:
///   every file is staged, their writing back started together, each fsynced, then renamed, then one fsync of
///   `new/` covers the batch);
/// - claim + complete: `--workers` threads (default one per core, as the daemon) claiming and completing
///   items in groups of `--group` (default 32, as the worker pool does)
///   (`FileInbox.completeAll`: results synced together, each bucket folder and `cur/` fsynced once a batch);
/// - the sweep that deletes the finished items afterwards beyond the reserve kept for reuse (workers run it when
///   nothing is ready), timed apart; from the second round on, enqueue overwrites the finished items kept;
/// - the peer: a Maildir delivery of each item on its own (write to `tmp/`, fsync, rename into `new/`, fsync
///   `new/`), the way a mail delivery agent that fsyncs per message does it.
@main
struct InboxBenchmark {
    static func main() throws {
        let options = Options(CommandLine.arguments.dropFirst())
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: options.bytes)
        let root = options.directory + "/inbox-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }

        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let peer = try MaildirPeer(directory: root + "/maildir")
        let ids = (0..<options.items).map { String(format: "item%08d", $0) }
        let clock = ContinuousClock()
        let roundSize = (ids.count + options.rounds - 1) / options.rounds

        var enqueueTime = Duration.zero
        var firstRoundTime = Duration.zero
        var completeTime = Duration.zero
        var peerTime = Duration.zero
        var sweepTime = Duration.zero
        var swept = 0
        var completed = 0
        for round in stride(from: 0, to: ids.count, by: roundSize) {
            let share = ids[round..<min(round + roundSize, ids.count)]
            var start = clock.now
            for batch in stride(from: share.startIndex, to: share.endIndex, by: options.batch) {
                let items = share[batch..<min(batch + options.batch, share.endIndex)].map {
                    InboxItem(id: $0, payload: payload)
                }
                _ = try inbox.enqueue(items)
            }
            enqueueTime += clock.now - start
            if round == 0 { firstRoundTime = clock.now - start }

            start = clock.now
            completed += try drain(inbox, workers: options.workers, group: options.group, result: payload)
            completeTime += clock.now - start

            start = clock.now
            swept += try inbox.sweep()
            sweepTime += clock.now - start

            start = clock.now
            try peer.deliver(Array(share), payload: payload)
            peerTime += clock.now - start
        }
        guard completed == options.items else { fail("claimed \(completed) of \(options.items) items") }
        let enqueueRate = rate(options.items, in: enqueueTime)
        let completeRate = rate(completed, in: completeTime)
        let peerRate = rate(options.items, in: peerTime)

        print("items: \(options.items) of \(options.bytes) bytes in \(options.directory), \(options.rounds) rounds")
        print("enqueue (batches of \(options.batch)): \(format(enqueueRate)) items/s")
        if options.rounds > 1 {
            let firstCount = min(roundSize, options.items)
            let laterRate = rate(options.items - firstCount, in: enqueueTime - firstRoundTime)
            print("  first round (creating every file): \(format(rate(firstCount, in: firstRoundTime))) items/s; "
                + "later rounds (overwriting the finished items the sweep keeps, up to \(inbox.reuseReserve)): "
                + "\(format(laterRate)) items/s")
        }
        print("claim + complete (\(options.workers) workers, batches of \(options.group)): \(format(completeRate)) items/s")
        print("then deleting the finished items beyond the reserve (the workers' sweep when idle): "
            + (swept > 0 ? "\(format(rate(swept, in: sweepTime))) items/s" : "none to delete"))
        print("Maildir, one fsync per item: \(format(peerRate)) items/s")
        print("ratio enqueue / Maildir: \(String(format: "%.1f", enqueueRate / peerRate))x; "
            + "claim + complete / Maildir: \(String(format: "%.1f", completeRate / peerRate))x")
        print("RESULT enqueue=\(Int(enqueueRate)) complete=\(Int(completeRate)) maildir=\(Int(peerRate))")
    }

    /// Claims and completes everything ready with `workers` threads, each in groups of `group` as the worker pool
    /// does; returns the number completed.
    static func drain(_ inbox: FileInbox, workers: Int, group: Int, result: [UInt8]) throws -> Int {
        let completed = Atomic<Int>(0)
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    while case let claims = try inbox.claimAll(upTo: group), !claims.isEmpty {
                        try inbox.completeAll(claims.map { Completion(claim: $0, result: result, bucket: "2026-01-01") })
                        completed.add(claims.count, ordering: .relaxed)
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return completed.load(ordering: .relaxed)
    }

    static func rate(_ count: Int, in elapsed: Duration) -> Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / max(seconds, 1e-9)
    }

    static func format(_ value: Double) -> String { String(format: "%.0f", value) }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("InboxBenchmark: \(message)\n".utf8))
        exit(1)
    }
}
