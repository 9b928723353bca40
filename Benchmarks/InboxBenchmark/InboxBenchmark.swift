import Durable
import Foundation
import Inbox

/// Measures the inbox's durable throughput against a one-fsync-per-item Maildir delivery, in one run on one
/// disk. Usage: `InboxBenchmark DIRECTORY [--items N] [--batch N] [--bytes N]`; DIRECTORY must be on the disk
/// the daemon would use (not a tmpfs, where fsync is free). Prints items/s for:
/// - enqueue: `FileInbox.enqueue` in batches of `--batch` (a fetch round delivers a feed's new items together:
///   every file is staged and fsynced, then renamed, then one fsync of `new/` covers the batch);
/// - claim + complete: one worker claiming and completing items in groups of 32, as the worker pool does
///   (`FileInbox.completeAll`: results fsynced together, each bucket folder and `cur/` fsynced once a batch);
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
        let ids = (0..<options.items).map { String(format: "item%08d", $0) }
        let clock = ContinuousClock()

        var start = clock.now
        for batch in stride(from: 0, to: ids.count, by: options.batch) {
            let items = ids[batch..<min(batch + options.batch, ids.count)].map { InboxItem(id: $0, payload: payload) }
            _ = try inbox.enqueue(items)
        }
        let enqueueRate = rate(options.items, since: start, clock)

        start = clock.now
        var completed = 0
        while case let claims = try inbox.claimAll(upTo: 32), !claims.isEmpty {
            try inbox.completeAll(claims.map { Completion(claim: $0, result: payload, bucket: "2026-01-01") })
            completed += claims.count
        }
        let completeRate = rate(completed, since: start, clock)
        guard completed == options.items else { fail("claimed \(completed) of \(options.items) items") }

        start = clock.now
        try MaildirPeer(directory: root + "/maildir").deliver(ids, payload: payload)
        let peerRate = rate(options.items, since: start, clock)

        print("items: \(options.items) of \(options.bytes) bytes in \(options.directory)")
        print("enqueue (batches of \(options.batch)): \(format(enqueueRate)) items/s")
        print("claim + complete (one worker, batches of 32): \(format(completeRate)) items/s")
        print("Maildir, one fsync per item: \(format(peerRate)) items/s")
        print("ratio enqueue / Maildir: \(String(format: "%.1f", enqueueRate / peerRate))x; "
            + "claim + complete / Maildir: \(String(format: "%.1f", completeRate / peerRate))x")
        print("RESULT enqueue=\(Int(enqueueRate)) complete=\(Int(completeRate)) maildir=\(Int(peerRate))")
    }

    static func rate(_ count: Int, since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / max(seconds, 1e-9)
    }

    static func format(_ value: Double) -> String { String(format: "%.0f", value) }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("InboxBenchmark: \(message)\n".utf8))
        exit(1)
    }
}
