import Foundation
import Inbox
import Testing

/// A run of the queue protocol on a real inbox whose file changes are recorded.
///
/// Payloads, results and buckets follow from the item id, so the checker knows what every file
/// of a crash state should hold without keeping the bytes of the run.
final class CrashWorkload {
    /// An empty folder created before recording starts: every recorded path lies under it.
    let root: String
    let trace = CrashTrace()
    /// Every id offered to `enqueue`, acknowledged or not.
    private(set) var offered: [String] = []
    /// Ids failed permanently by the run: a worker would fail them again after a crash.
    private(set) var poison: Set<String> = []
    private var inbox: FileInbox?

    init() throws {
        root = CrashWorkload.scratch + "/recorded-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Where the test writes its folders: a tmpfs when there is one, because the crash states are
    /// modelled rather than produced by the disk, and their thousands of fsyncs then cost nothing.
    static let scratch: String = {
        let tmpfs = "/dev/shm"
        if access(tmpfs, W_OK) == 0 { return tmpfs }
        return String(NSTemporaryDirectory().dropLast(NSTemporaryDirectory().hasSuffix("/") ? 1 : 0))
    }()

    static func payload(_ id: String) -> [UInt8] { Array("payload of \(id), complete\n".utf8) }
    static func result(_ id: String) -> [UInt8] { Array("{\"result\":\"\(id)\"}".utf8) }
    /// The result a worker stores when it processes the item again after a crash.
    static func redone(_ id: String) -> [UInt8] { Array("{\"redone\":\"\(id)\"}".utf8) }
    /// Odd and even ids land in different day folders, so a batch completes across two.
    static func bucket(_ id: String) -> String {
        (id.utf8.last ?? 0) % 2 == 1 ? "2026-03-01" : "2026-03-02"
    }

    static func open(_ root: String) throws -> FileInbox {
        try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified", maxAttempts: 5)
    }

    /// Opens the inbox: creating its folders is part of the record.
    func start() throws {
        inbox = try trace.recording { try CrashWorkload.open(root) }
    }

    private var queue: FileInbox {
        get throws { try #require(inbox, "start() first") }
    }

    func enqueue(_ ids: [String]) throws {
        offered += ids.filter { !offered.contains($0) }
        let items = ids.map { InboxItem(id: $0, payload: CrashWorkload.payload($0)) }
        let queue = try queue
        _ = try trace.recording { try queue.enqueue(items) }
        trace.acknowledge(.enqueued(ids))
    }

    /// Claims every ready item, keyed by id: one by one, then in group claims of three (one
    /// fsync for the group), so that both paths are crashed through.
    func claimAll() throws -> [String: Claim] {
        let queue = try queue
        var claims: [String: Claim] = [:]
        if let claim = try trace.recording({ try queue.claim() }) {
            claims[claim.id] = claim
            trace.acknowledge(.claimed(id: claim.id, attempt: claim.attempt))
        }
        while case let group = try trace.recording({ try queue.claimAll(upTo: 3) }), !group.isEmpty {
            for claim in group {
                claims[claim.id] = claim
                trace.acknowledge(.claimed(id: claim.id, attempt: claim.attempt))
            }
        }
        return claims
    }

    /// Completes `claims` as one group commit.
    func complete(_ claims: [Claim]) throws {
        let completions = claims.map {
            Completion(claim: $0, result: CrashWorkload.result($0.id), bucket: CrashWorkload.bucket($0.id))
        }
        let queue = try queue
        try trace.recording { try queue.completeAll(completions) }
        for claim in claims { trace.acknowledge(.completed(id: claim.id, result: CrashWorkload.result(claim.id))) }
    }

    func fail(_ claim: Claim, permanent: Bool) throws {
        let queue = try queue
        try trace.recording { try queue.fail(claim, reason: "unreadable", permanent: permanent) }
        if permanent {
            poison.insert(claim.id)
            trace.acknowledge(.deadLettered(claim.id))
        }
    }

    func release(_ claim: Claim) throws {
        // A release gives the attempt back: from the moment it starts, the lower count may show.
        trace.acknowledge(.claimed(id: claim.id, attempt: claim.attempt - 1))
        let queue = try queue
        try trace.recording { try queue.release(claim) }
    }

    func recover() throws -> InboxRecovery {
        let queue = try queue
        return try trace.recording { try queue.recover() }
    }

    func requeueDead(_ id: String) throws {
        // A requeue starts the count afresh, as a release gives an attempt back.
        trace.acknowledge(.claimed(id: id, attempt: 0))
        let queue = try queue
        #expect(try trace.recording { try queue.requeueDead(id) })
        trace.acknowledge(.requeued(id))
    }
}
